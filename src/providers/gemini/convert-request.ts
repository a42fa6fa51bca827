import type { ChatCompletionRequest } from "../../openai/chat-request.js";
import type { ProviderContext } from "../provider.js";
import { toGeminiMessages } from "./convert-messages.js";
import { toGeminiSchema } from "./schema.js";
import { toThinkingConfig } from "./thinking.js";
import { toGeminiToolConfig, toGeminiTools } from "./tools.js";

function generationConfig(
  req: ChatCompletionRequest,
  opts: { model: string; defaultMaxTokens?: number },
): Record<string, unknown> {
  const g: Record<string, unknown> = {};
  if (req.temperature != null) g.temperature = req.temperature;
  if (req.top_p != null) g.topP = req.top_p;
  const maxTokens = req.max_completion_tokens ?? req.max_tokens ?? opts.defaultMaxTokens;
  if (maxTokens != null) g.maxOutputTokens = maxTokens;
  if (req.stop != null) {
    const stops = typeof req.stop === "string" ? [req.stop] : req.stop;
    if (stops.length) g.stopSequences = stops;
  }
  if (req.n != null) g.candidateCount = req.n;
  if (req.seed != null) g.seed = req.seed;
  if (req.presence_penalty != null) g.presencePenalty = req.presence_penalty;
  if (req.frequency_penalty != null) g.frequencyPenalty = req.frequency_penalty;
  const rf = req.response_format;
  if (rf?.type === "json_object") g.responseMimeType = "application/json";
  else if (rf?.type === "json_schema") {
    g.responseMimeType = "application/json";
    if (rf.json_schema.schema)
      g.responseSchema = toGeminiSchema(rf.json_schema.schema, "response_format.json_schema.schema");
  }
  const thinking = toThinkingConfig(req, opts.model);
  if (thinking) g.thinkingConfig = thinking;
  return g;
}

/** The Gemini `generateContent` body (same for Google AI Studio and Vertex AI). */
export async function toGeminiBody(ctx: ProviderContext): Promise<Record<string, unknown>> {
  const req = ctx.request;
  const { systemInstruction, contents } = await toGeminiMessages(req.messages, {
    fetch: ctx.fetch,
    signal: ctx.signal,
    model: ctx.deployment.model,
  });
  const body: Record<string, unknown> = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const tools = toGeminiTools(req.tools ?? []);
  if (tools.length) {
    body.tools = tools;
    if (req.tool_choice != null) body.toolConfig = toGeminiToolConfig(req.tool_choice);
  }
  const g = generationConfig(req, { model: ctx.deployment.model, defaultMaxTokens: ctx.deployment.params.max_tokens });
  if (Object.keys(g).length) body.generationConfig = g;
  return body;
}
