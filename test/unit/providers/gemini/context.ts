import { providerContext, providerFixtures } from "../../../helpers/provider-context.js";

export { HELLO, NOW, bodyOf } from "../../../helpers/provider-context.js";

export const { fixtureText, fixtureJson } = providerFixtures<Record<string, unknown>>("gemini");

/** A ProviderContext for an OpenAI request against one Gemini deployment. */
export const makeCtx = providerContext({
  provider: "gemini",
  modelName: "my-gemini",
  model: "gemini-2.0-flash",
  params: ({ provider, model }) => ({ model: `${provider}/${model}`, api_key: "AIzaSy-test-key" }),
  requestId: "chatcmpl-gw123",
});
