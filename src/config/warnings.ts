import {
  GeneralSettings,
  LitellmParams,
  LitellmSettings,
  RouterSettings,
  GatewayConfig,
  ModelEntry,
} from "./schema.js";
import type { z } from "zod";
import { cacheParamsWarnings } from "./cache-params.js";

function shapeKeys(schema: z.ZodObject): Set<string> {
  return new Set(Object.keys(schema.shape));
}

const SECTIONS: Array<[string, Set<string>]> = [
  ["litellm_settings", shapeKeys(LitellmSettings)],
  ["router_settings", shapeKeys(RouterSettings)],
  ["general_settings", shapeKeys(GeneralSettings)],
];
const TOP = shapeKeys(GatewayConfig);
const ENTRY = shapeKeys(ModelEntry);
const PARAMS = shapeKeys(LitellmParams);

/** One warning per config key the gateway does not act on (never silent acceptance). */
export function unsupportedKeyWarnings(raw: unknown): string[] {
  const out = new Set<string>();
  if (!raw || typeof raw !== "object") return [];
  const cfg = raw as Record<string, unknown>;
  for (const k of Object.keys(cfg)) if (!TOP.has(k)) out.add(k);
  for (const [section, known] of SECTIONS) {
    const s = cfg[section];
    if (s && typeof s === "object") for (const k of Object.keys(s)) if (!known.has(k)) out.add(`${section}.${k}`);
  }
  if (Array.isArray(cfg.model_list)) {
    for (const e of cfg.model_list) {
      if (!e || typeof e !== "object") continue;
      for (const k of Object.keys(e)) if (!ENTRY.has(k)) out.add(`model_list[].${k}`);
      const p = (e as Record<string, unknown>).litellm_params;
      if (p && typeof p === "object")
        for (const k of Object.keys(p)) if (!PARAMS.has(k)) out.add(`model_list[].litellm_params.${k}`);
    }
  }
  return [
    ...[...out].map((k) => `config key "${k}" is not supported by Switchyard and is ignored`),
    ...cacheParamsWarnings(cfg.litellm_settings),
  ];
}
