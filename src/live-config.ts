import type { RuntimeModelCache } from "./admin/runtime-model-source.js";
import type { ModelEntry } from "./config/schema.js";
import type { Logger } from "./logger.js";
import type { RuntimeConfig } from "./runtime-config.js";

/**
 * The config requests see: config.yaml's deployments plus the ones added at runtime (/model/new).
 * After the first load it answers at once with the copy in hand and checks for changes in the
 * background (at most one small read per interval), so every isolate sees a change within seconds
 * and no request waits for it. Only an isolate's first request waits for the first load; while the
 * model store cannot be read, config.yaml's deployments are served alone.
 */
export class LiveConfig {
  private merged?: { version: string; config: RuntimeConfig };

  constructor(
    private readonly base: RuntimeConfig,
    private readonly models: RuntimeModelCache,
    private readonly opts: { rebuild: (entries: ModelEntry[]) => RuntimeConfig; log: Logger },
  ) {}

  current(defer: (work: Promise<unknown>) => void): RuntimeConfig | Promise<RuntimeConfig> {
    const snapshot = this.models.peek();
    if (!snapshot) {
      if (!this.models.due()) return this.base; // the last load failed moments ago
      return this.models.get().then(
        (s) => this.configOf(s),
        (e: unknown) => this.failed(e),
      );
    }
    if (this.models.due()) defer(this.models.get().catch((e: unknown) => this.failed(e)));
    return this.configOf(snapshot);
  }

  private configOf(s: { version: string; entries: ModelEntry[] }): RuntimeConfig {
    if (this.merged?.version === s.version) return this.merged.config;
    const config = s.entries.length ? this.opts.rebuild(s.entries) : this.base;
    this.merged = { version: s.version, config };
    return config;
  }

  private failed(e: unknown): RuntimeConfig {
    this.opts.log.warn("runtime models could not be read; serving config.yaml's", {
      error: e instanceof Error ? e.message : String(e),
    });
    return this.merged?.config ?? this.base;
  }
}
