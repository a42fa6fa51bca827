import type { Logger } from "../logger.js";
import { ModelEntry } from "../config/schema.js";
import type { RuntimeModelRecord } from "./model-record.js";
import { open } from "./secret-box.js";
import type { ModelTable } from "./store.js";

/**
 * Where the router finds the deployments added at runtime (/model/new): `version()` is one small
 * read of a number every model write bumps; `load()` returns every runtime deployment as a
 * config.yaml entry with its credentials opened. A deployment whose credentials do not open
 * (SWITCHYARD_SALT_KEY changed) is left out and logged, never served with a broken key.
 */
export interface RuntimeModelSource {
  version(): Promise<string>;
  load(): Promise<{ version: string; entries: ModelEntry[] }>;
}

export function runtimeModelSource(opts: { models: ModelTable; secretKey?: string; log: Logger }): RuntimeModelSource {
  const { models, secretKey, log } = opts;
  const entryOf = async (r: RuntimeModelRecord): Promise<ModelEntry | undefined> => {
    try {
      if (r.secrets && !secretKey) throw new Error("SWITCHYARD_SALT_KEY is not set");
      const secrets = r.secrets && secretKey ? await open(secretKey, r.model_id, r.secrets) : {};
      return ModelEntry.parse({
        model_name: r.model_name,
        litellm_params: { ...r.litellm_params, ...secrets },
        model_info: { ...r.model_info, id: r.model_id, db_model: true },
      });
    } catch (e) {
      log.error("a runtime model cannot be loaded; it is left out", {
        model_id: r.model_id,
        error: e instanceof Error ? e.name : "error", // never the message: it could quote a credential
      });
      return undefined;
    }
  };
  return {
    version: async () => String(await models.version()),
    async load() {
      // the version first: a write landing meanwhile leaves a newer version to notice next time
      const version = String(await models.version());
      const entries = (await Promise.all((await models.all()).map(entryOf))).filter((e): e is ModelEntry => !!e);
      return { version, entries };
    },
  };
}

/**
 * An isolate's copy of the runtime models: checks the version at most every `intervalMs` (one
 * small read) and reloads only when it changed, so every isolate sees a change within
 * `intervalMs` plus one read.
 */
export class RuntimeModelCache {
  private current?: { version: string; entries: ModelEntry[] };
  private checkedAt = Number.NEGATIVE_INFINITY;
  private pending?: Promise<{ version: string; entries: ModelEntry[] }>;

  constructor(
    private readonly source: RuntimeModelSource,
    private readonly opts: { intervalMs: number; now: () => number },
  ) {}

  /** The copy in hand, however old (undefined before the first load). */
  peek(): { version: string; entries: ModelEntry[] } | undefined {
    return this.current;
  }

  /** Whether the version is due for a check. */
  due(): boolean {
    return this.opts.now() - this.checkedAt >= this.opts.intervalMs;
  }

  get(): Promise<{ version: string; entries: ModelEntry[] }> {
    if (this.current && this.opts.now() - this.checkedAt < this.opts.intervalMs) return Promise.resolve(this.current);
    this.pending ??= this.refresh().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async refresh() {
    // a failed check also waits out the interval: a store that is down is not asked on every request
    this.checkedAt = this.opts.now();
    const version = await this.source.version();
    if (this.current?.version !== version) this.current = await this.source.load();
    return this.current;
  }
}
