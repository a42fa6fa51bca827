import type { AnthropicFieldRules } from "./anthropic-fields.js";

/**
 * OpenAI-compatible vendors are rows of data: base URL, key variable, auth style,
 * parameters they reject, how they report usage in streams, and what they do with Anthropic fields.
 */
export interface VendorRow extends AnthropicFieldRules {
  name: string;
  /** Default base URL (…/v1). Undefined: `api_base` is required. */
  baseUrl?: string;
  /** Environment variable read when `api_key` is not configured. */
  apiKeyEnv?: string;
  /** Environment variable read when `api_base` is not configured. */
  apiBaseEnv?: string;
  /** Key optional (local servers). */
  keyOptional?: boolean;
  /** OpenAI params the vendor rejects. */
  unsupported: readonly string[];
  /** Whether the vendor accepts `stream_options.include_usage` (else usage comes unasked or not at all). */
  streamOptions: boolean;
  /** Whether the vendor serves POST {base}/embeddings in OpenAI's shape. */
  embeddings?: boolean;
  /** Whether its embeddings endpoint takes encoding_format "base64" (else the gateway encodes floats). */
  embeddingsBase64?: boolean;
  /** Most inputs one embeddings call takes (larger requests are split and rejoined in order). */
  embeddingsBatch?: number;
  /** Whether the vendor serves POST {base}/images/generations in OpenAI's shape. */
  images?: boolean;
  /** Image request params the vendor rejects (removed under drop_params, else 400). */
  imagesUnsupported?: readonly string[];
  /** "width-height": the vendor takes `width` and `height` instead of OpenAI's `size`. */
  imageSize?: "size" | "width-height";
  /** The vendor's value for base64 output when it is not OpenAI's "b64_json". */
  imageBase64Format?: string;
  /** Whether the vendor serves chat completions (default: yes; rerank-and-embeddings vendors do not). */
  chat?: boolean;
  /** Whether it serves POST {base}/moderations in OpenAI's shape. */
  moderation?: boolean;
  /** Whether it serves POST {base}/audio/transcriptions (multipart) in OpenAI's shape. */
  transcription?: boolean;
  /** Whether it serves POST {base}/audio/speech in OpenAI's shape. */
  speech?: boolean;
  /** Whether it serves legacy POST {base}/completions (text completion models; chat models are translated). */
  textCompletion?: boolean;
  /** Its POST {base}/rerank shape: Cohere's (`top_n`, `results`) or Voyage's (`top_k`, `data`). */
  rerank?: "cohere" | "voyage";
}

const OPENAI_ONLY = ["logit_bias", "top_logprobs", "logprobs", "n"] as const;

/** OpenAI's reasoning models (they take reasoning_effort; gpt-5-chat does not). */
export const OPENAI_REASONING_MODELS = /^(o\d|gpt-5(?!-chat)|codex-mini|gpt-oss)/;

export const VENDORS: readonly VendorRow[] = [
  {
    name: "openai",
    baseUrl: "https://api.openai.com/v1",
    apiKeyEnv: "OPENAI_API_KEY",
    apiBaseEnv: "OPENAI_API_BASE",
    unsupported: [],
    streamOptions: true,
    embeddings: true,
    embeddingsBase64: true,
    embeddingsBatch: 2048,
    images: true,
    moderation: true,
    transcription: true,
    speech: true,
    textCompletion: true,
    reasoningModels: OPENAI_REASONING_MODELS,
    userMaxLength: 64,
  },
  {
    name: "groq",
    baseUrl: "https://api.groq.com/openai/v1",
    apiKeyEnv: "GROQ_API_KEY",
    unsupported: ["logprobs", "top_logprobs", "logit_bias"],
    streamOptions: true,
    transcription: true,
    reasoningModels: /gpt-oss/,
  },
  {
    name: "together_ai",
    baseUrl: "https://api.together.xyz/v1",
    apiKeyEnv: "TOGETHERAI_API_KEY",
    unsupported: ["logit_bias"],
    streamOptions: true,
    embeddings: true,
    images: true,
    imagesUnsupported: ["quality", "style"],
    imageSize: "width-height",
    imageBase64Format: "base64",
    textCompletion: true,
    rerank: "cohere",
    maxTokensField: "max_tokens",
  },
  {
    name: "fireworks_ai",
    baseUrl: "https://api.fireworks.ai/inference/v1",
    apiKeyEnv: "FIREWORKS_AI_API_KEY",
    unsupported: ["logit_bias"],
    streamOptions: true,
    embeddings: true,
    textCompletion: true,
    maxTokensField: "max_tokens",
  },
  {
    name: "deepseek",
    baseUrl: "https://api.deepseek.com/v1",
    apiKeyEnv: "DEEPSEEK_API_KEY",
    unsupported: ["n", "logit_bias", "seed"],
    streamOptions: true,
    maxTokensField: "max_tokens",
    reasoningContent: true,
  },
  {
    name: "mistral",
    baseUrl: "https://api.mistral.ai/v1",
    apiKeyEnv: "MISTRAL_API_KEY",
    unsupported: ["logit_bias", "logprobs", "top_logprobs", "user"],
    streamOptions: false,
    embeddings: true,
    embeddingsBatch: 512,
    maxTokensField: "max_tokens",
  },
  {
    name: "perplexity",
    baseUrl: "https://api.perplexity.ai",
    apiKeyEnv: "PERPLEXITYAI_API_KEY",
    unsupported: [...OPENAI_ONLY, "tools", "tool_choice", "parallel_tool_calls", "seed", "user"],
    streamOptions: false,
    maxTokensField: "max_tokens",
  },
  {
    name: "xai",
    baseUrl: "https://api.x.ai/v1",
    apiKeyEnv: "XAI_API_KEY",
    unsupported: ["logit_bias"],
    streamOptions: true,
    images: true,
    imagesUnsupported: ["size", "quality", "style"],
  },
  {
    name: "openrouter",
    baseUrl: "https://openrouter.ai/api/v1",
    apiKeyEnv: "OPENROUTER_API_KEY",
    unsupported: [],
    streamOptions: true,
    textCompletion: true,
    maxTokensField: "max_tokens",
    cacheControl: true,
    userMaxLength: 128,
  },
  {
    name: "hosted_vllm",
    apiBaseEnv: "HOSTED_VLLM_API_BASE",
    apiKeyEnv: "HOSTED_VLLM_API_KEY",
    keyOptional: true,
    unsupported: [],
    streamOptions: true,
    embeddings: true,
    embeddingsBase64: true,
    textCompletion: true,
    transcription: true,
    rerank: "cohere",
    maxTokensField: "max_tokens",
    reasoningContent: true,
  },
  {
    name: "nvidia_nim",
    baseUrl: "https://integrate.api.nvidia.com/v1",
    apiKeyEnv: "NVIDIA_NIM_API_KEY",
    unsupported: ["logit_bias", "n", "user"],
    streamOptions: true,
    embeddings: true,
    maxTokensField: "max_tokens",
  },
  {
    name: "lm_studio",
    baseUrl: "http://localhost:1234/v1",
    apiBaseEnv: "LM_STUDIO_API_BASE",
    apiKeyEnv: "LM_STUDIO_API_KEY",
    keyOptional: true,
    unsupported: ["logit_bias", "n"],
    streamOptions: true,
    embeddings: true,
    textCompletion: true,
  },
  {
    name: "jina_ai",
    baseUrl: "https://api.jina.ai/v1",
    apiKeyEnv: "JINA_AI_API_KEY",
    unsupported: [],
    streamOptions: false,
    chat: false,
    embeddings: true,
    rerank: "cohere",
  },
  {
    name: "voyage",
    baseUrl: "https://api.voyageai.com/v1",
    apiKeyEnv: "VOYAGE_API_KEY",
    unsupported: [],
    streamOptions: false,
    chat: false,
    embeddings: true,
    embeddingsBatch: 1000,
    rerank: "voyage",
    maxTokensField: "max_tokens",
  },
];
