// Reads .dev.vars (KEY=VALUE lines, optional quotes, # comments).
import { existsSync, readFileSync } from "node:fs";

export function readDevVars(file) {
  const out = {};
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith("#")) continue;
    let v = m[2];
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    out[m[1]] = v;
  }
  return out;
}

/** Environment variables the worker may need: referenced by the config, a provider default name, or a callback/alert setting. */
export function workerVars(configText, sources) {
  const wanted = new Set([...configText.matchAll(/os\.environ\/([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
  const pattern =
    /^(SWITCHYARD_|OPENAI_|AZURE_|ANTHROPIC_|GEMINI_|VERTEX|GOOGLE_APPLICATION_|AWS_|COHERE_|CO_API_KEY|GROQ_|TOGETHERAI_|FIREWORKS_|DEEPSEEK_|MISTRAL_|PERPLEXITYAI_|XAI_|OPENROUTER_|HOSTED_VLLM_|NVIDIA_NIM_|LM_STUDIO_|OLLAMA_|CLOUDFLARE_|GENERIC_LOGGER_|LANGFUSE_|OTEL_|HELICONE_|LUNARY_|SLACK_WEBHOOK_URL|WEBHOOK_URL)/;
  const out = {};
  for (const src of sources) {
    for (const [k, v] of Object.entries(src)) {
      if (typeof v === "string" && (wanted.has(k) || pattern.test(k))) out[k] = v;
    }
  }
  return out;
}
