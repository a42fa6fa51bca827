/**
 * What `cloudflare:workers` gives the Durable Object classes, for unit tests in Node (vitest aliases the
 * module here): the base class keeps `ctx` and `env`, as workerd's does.
 */
export class DurableObject<Env = unknown> {
  constructor(
    protected readonly ctx: DurableObjectState,
    protected readonly env: Env,
  ) {}
}
