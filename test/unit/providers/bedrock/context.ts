import { encodeFixture } from "../../../helpers/event-stream.js";
import { providerContext, providerFixtures } from "../../../helpers/provider-context.js";

export { HELLO } from "../../../helpers/provider-context.js";

export const { fixtureText, fixtureJson } = providerFixtures("bedrock");

/** A *.events.json stream fixture as the bytes Bedrock would send. */
export function fixtureStream(name: string): Uint8Array {
  return encodeFixture(fixtureJson<Array<{ event?: string; exception?: string; payload: unknown }>>(name));
}

export const NOW = Date.parse("2024-11-05T09:08:07Z");
export const MODEL = "us.anthropic.claude-3-5-sonnet-20241022-v2:0";
export const KEYS = {
  aws_access_key_id: "AKIDEXAMPLE",
  aws_secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};

/** A ProviderContext for an OpenAI request against one Bedrock deployment. */
export const makeCtx = providerContext({
  provider: "bedrock",
  modelName: "claude-bedrock",
  model: MODEL,
  params: ({ model }) => ({ model: `bedrock/${model}`, aws_region_name: "us-east-1", ...KEYS }),
  requestId: "chatcmpl-gateway",
  now: NOW,
});
