import { registerProvider } from "./registry.js";
import { openAICompatibleAdapter } from "./openai-compatible/index.js";
import { VENDORS } from "./openai-compatible/vendors.js";
import { azureAdapter } from "./azure/index.js";
import { bedrockAdapter } from "./bedrock/index.js";
import { anthropicAdapter } from "./anthropic/index.js";
import { geminiAdapter } from "./gemini/index.js";
import { vertexAdapter } from "./vertex-ai/index.js";
import { cohereAdapter } from "./cohere/index.js";
import { ollamaAdapter } from "./ollama/index.js";
import { workersAiAdapter } from "./workers-ai/index.js";

/** Every built-in provider, registered once at module load. */
for (const row of VENDORS) registerProvider(openAICompatibleAdapter(row));
registerProvider(azureAdapter);
registerProvider(anthropicAdapter);
registerProvider(geminiAdapter);
registerProvider(vertexAdapter);
registerProvider(cohereAdapter);
registerProvider(ollamaAdapter, "ollama_chat");
registerProvider(workersAiAdapter);
registerProvider(bedrockAdapter);
