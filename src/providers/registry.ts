import type { ProviderAdapter } from "./provider.js";

/** Adapters by provider prefix. Providers register themselves in providers/all.ts. */
const adapters = new Map<string, ProviderAdapter>();

export function registerProvider(adapter: ProviderAdapter, ...aliases: string[]): void {
  adapters.set(adapter.name, adapter);
  for (const a of aliases) adapters.set(a, adapter);
}

export function getProvider(name: string): ProviderAdapter | undefined {
  return adapters.get(name);
}
