import { providerContext, providerFixtures } from "../../../helpers/provider-context.js";

export { HELLO, NOW } from "../../../helpers/provider-context.js";

export const { fixtureText, fixtureJson } = providerFixtures("anthropic");

/** A ProviderContext for an OpenAI request against one Anthropic deployment. */
export const makeCtx = providerContext({
  provider: "anthropic",
  modelName: "claude",
  model: "claude-sonnet-4-5-20250929",
  params: ({ model }) => ({ model: `anthropic/${model}`, api_key: "sk-ant-test" }),
  requestId: "chatcmpl-gateway",
});
