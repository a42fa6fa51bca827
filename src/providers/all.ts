import { registerProvider } from "./registry.js";
import { openAICompatibleAdapter } from "./openai-compatible/index.js";
import { VENDORS } from "./openai-compatible/vendors.js";
import { azureAdapter } from "./azure/index.js";

/** Every built-in provider, registered once at module load. */
for (const row of VENDORS) registerProvider(openAICompatibleAdapter(row));
registerProvider(azureAdapter);
