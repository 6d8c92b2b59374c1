import { DurableObject } from "cloudflare:workers";
import { assertLeaseArgs } from "./lease-args.ts";
import { LeaseTable } from "./lease-table.ts";
import type { LeaseResult } from "./types.ts";

/**
 * A SQLite-backed Durable Object holding named leases and per-occurrence locks, for
 * {@link DurableObjectElector} and {@link DurableObjectLocker}. Bind it in wrangler.toml and
 * list it under `new_sqlite_classes`. Time is the object's own clock, so callers' clocks may
 * disagree. The methods are synchronous on purpose: nothing is awaited between reading and
 * writing a lease, so concurrent callers cannot both win. Arguments are checked here too
 * (RPC callers are not type-checked): a bad one throws `LeaseRequestInvalid`, nothing is stored.
 *
 * @example
 * // worker entry
 * export { LeaseObject } from "isocron/cloudflare/durable";
 */
export class LeaseObject<Env = unknown> extends DurableObject<Env> {
  readonly #table: LeaseTable;

  constructor(ctx: DurableObject["ctx"], env: Env) {
    super(ctx, env);
    this.#table = new LeaseTable(ctx.storage.sql);
  }

  /** Takes `name` for `holder` for `ttlMs` if it is free or expired; extends it if already held. */
  acquire(name: string, holder: string, ttlMs: number): LeaseResult {
    assertLeaseArgs(name, holder, true, ttlMs);
    return this.#table.acquire(name, holder, ttlMs, Date.now());
  }

  /** Extends `name` by `ttlMs` from now, only if `holder` holds it and it has not expired. */
  renew(name: string, holder: string, ttlMs: number): LeaseResult {
    assertLeaseArgs(name, holder, true, ttlMs);
    return this.#table.renew(name, holder, ttlMs, Date.now());
  }

  /** Frees `name` if `holder` holds it; true when a live lease was released. */
  release(name: string, holder: string): boolean {
    assertLeaseArgs(name, holder, false);
    return this.#table.release(name, holder, Date.now());
  }
}
