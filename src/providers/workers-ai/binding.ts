import { BadRequestError } from "../../errors/gateway-error.js";
import type { ProviderContext, UpstreamRequest } from "../provider.js";
import { parseUpstreamText } from "../shared/json.js";
import { BindingInputs } from "./api.js";
import { workersAiRunUrl } from "./convert-request.js";
import { bindingErrorResponse } from "./error.js";

/** The binding is used when the Worker has one and the deployment does not point at a URL. */
export function usesBinding(ctx: ProviderContext<unknown>): boolean {
  return ctx.bindings.ai !== undefined && !ctx.deployment.params.api_base;
}

export function bindingUrl(model: string): string {
  return `workers-ai-binding:${model}`;
}

const enc = new TextEncoder();

/**
 * What `ai.run` returned, as the HTTP response the rest of the gateway expects: a stream of SSE
 * bytes as an event-stream response; an output object as a JSON response. A model that does not
 * stream hands back an object even for stream: true; it becomes a one-event SSE stream.
 */
export function bindingOutputResponse(out: unknown, stream: boolean): Response {
  if (out instanceof Response) return out;
  if (out instanceof ReadableStream) return new Response(out, { headers: { "content-type": "text/event-stream" } });
  if (stream) {
    const event = typeof out === "string" ? { response: out } : out;
    const bytes = enc.encode(`data: ${JSON.stringify(event ?? {})}\n\ndata: [DONE]\n\n`);
    return new Response(bytes, { headers: { "content-type": "text/event-stream" } });
  }
  return new Response(JSON.stringify(out ?? {}), { headers: { "content-type": "application/json" } });
}

/**
 * Send through the Workers AI binding: `ai.run(model, inputs)` with the inputs built by
 * buildRequest. A thrown binding error becomes the error response the REST API would send;
 * an abort (timeout, client gone) is rethrown for the caller to classify.
 */
export async function sendViaBinding(ctx: ProviderContext<unknown>, req: UpstreamRequest): Promise<Response> {
  const ai = ctx.bindings.ai!;
  const body =
    typeof req.body === "string" ? req.body : req.body instanceof Uint8Array ? new TextDecoder().decode(req.body) : "";
  const inputs = parseUpstreamText(BindingInputs, body, "workers_ai");
  let out: unknown;
  try {
    out = await ai.run(ctx.deployment.model, inputs, ctx.signal ? { signal: ctx.signal } : {});
  } catch (e) {
    if (ctx.signal?.aborted) throw e;
    return bindingErrorResponse(e);
  }
  return bindingOutputResponse(out, ctx.stream);
}

/**
 * Where one native call (embeddings, images) goes: `ai.run` through the binding when the Worker has
 * one and no api_base is set, else REST `{account}/ai/run/{model}` with the API token as Bearer.
 */
export function nativeRequest(ctx: ProviderContext<unknown>, inputs: Record<string, unknown>): UpstreamRequest {
  const d = ctx.deployment;
  const body = JSON.stringify(inputs);
  if (usesBinding(ctx)) return { url: bindingUrl(d.model), headers: { "content-type": "application/json" }, body };
  if (!d.params.api_key) {
    throw new BadRequestError(
      `model "${d.modelName}" (workers_ai) has no api_key (set litellm_params.api_key or CLOUDFLARE_API_TOKEN)`,
      { code: "missing_api_key" },
    );
  }
  return {
    url: workersAiRunUrl(d.params, { modelName: d.modelName, model: d.model }),
    headers: { "content-type": "application/json", authorization: `Bearer ${d.params.api_key}` },
    body,
  };
}

/** Send a native call: through the binding, or over REST with the attempt's signal. */
export function sendNative(ctx: ProviderContext<unknown>, req: UpstreamRequest): Promise<Response> {
  if (usesBinding(ctx)) return sendViaBinding(ctx, req);
  return ctx.fetch(req.url, { method: req.method ?? "POST", headers: req.headers, body: req.body, signal: ctx.signal });
}
