import { providerContext, providerFixtures } from "../../../helpers/provider-context.js";

export { HELLO, NOW } from "../../../helpers/provider-context.js";

export const { fixtureText, fixtureJson } = providerFixtures("cohere");

/** A ProviderContext for an OpenAI request against one Cohere deployment. */
export const makeCtx = providerContext({
  provider: "cohere",
  modelName: "command-a",
  model: "command-a-03-2025",
  params: ({ model }) => ({ model: `cohere/${model}`, api_key: "co-test-key" }),
  requestId: "chatcmpl-gateway",
});
