import { providerContext, providerFixtures } from "../../../helpers/provider-context.js";

export { HELLO, NOW } from "../../../helpers/provider-context.js";

export const { fixtureText, fixtureJson } = providerFixtures("ollama");

/** A ProviderContext for an OpenAI request against one Ollama deployment. */
export const makeCtx = providerContext({
  provider: "ollama",
  modelName: "qwen",
  model: "qwen3:8b",
  params: ({ provider, model }) => ({ model: `${provider}/${model}` }),
  requestId: "chatcmpl-gw1",
});
