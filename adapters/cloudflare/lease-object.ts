import { DurableObject } from "cloudflare:workers";
import { SchedulerError } from "../../src/errors.ts";
import { assertLeaseArgs, graceProblem } from "./lease-args.ts";
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

  /**
   * Lets `holder`'s lease on `name` end `graceMs` (0 to 24 days) from now, or at its own end if
   * that is sooner; true when `holder` had a live lease. The grace covers callers' clock skew,
   * so a successor cannot re-run what the old holder just ran. Without `graceMs` (an older
   * client) the lease is left to run out on its own.
   */
  release(name: string, holder: string, graceMs?: number): boolean {
    assertLeaseArgs(name, holder, false);
    const problem = graceProblem(graceMs);
    if (problem !== null) throw new SchedulerError("LeaseRequestInvalid", problem);
    return this.#table.release(name, holder, Date.now(), graceMs);
  }
}
