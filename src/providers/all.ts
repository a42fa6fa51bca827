import type { Provider } from "./provider.js";
import { openAICompatibleProvider } from "./openai-compatible/index.js";
import { VENDORS } from "./openai-compatible/vendors.js";
import { azureProvider } from "./azure/index.js";
import { bedrockProvider } from "./bedrock/index.js";
import { anthropicProvider } from "./anthropic/index.js";
import { geminiProvider } from "./gemini/index.js";
import { vertexProvider } from "./vertex-ai/index.js";
import { cohereProvider } from "./cohere/index.js";
import { ollamaProvider } from "./ollama/index.js";
import { workersAiProvider } from "./workers-ai/index.js";

/** Every built-in provider by its prefix in `litellm_params.model` (aliases share the provider). */
const PROVIDERS: ReadonlyMap<string, Provider> = new Map<string, Provider>([
  ...VENDORS.map((row): [string, Provider] => [row.name, openAICompatibleProvider(row)]),
  ["azure", azureProvider],
  ["anthropic", anthropicProvider],
  ["gemini", geminiProvider],
  ["vertex_ai", vertexProvider],
  ["cohere", cohereProvider],
  ["ollama", ollamaProvider],
  ["ollama_chat", ollamaProvider],
  ["workers_ai", workersAiProvider],
  ["bedrock", bedrockProvider],
]);

/** The provider for a `litellm_params.model` prefix; undefined for an unknown prefix (a config error). */
export function providerNamed(prefix: string): Provider | undefined {
  return PROVIDERS.get(prefix);
}
