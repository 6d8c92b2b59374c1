import { systemClock, type Clock } from "../../src/clock.ts";
import { SchedulerError, show, type SchedulerErrorCode } from "../../src/errors.ts";

/** Options every lease-based elector has (Upstash, Redis over TCP, Deno KV), whatever holds the lease. */
export interface LeaseElectorOptions {
  /** Lease lifetime in ms. A dead leader is replaced within `ttlMs + checkMs`. @default 15_000 */
  ttlMs?: number;
  /** This instance's name in the lease (1 to 200 characters); unique per live instance. @default a random id */
  instanceId?: string;
  /** How long a follower trusts "not leader" before asking again. @default ttlMs / 3 */
  checkMs?: number;
  /**
   * The leader stops claiming leadership this long before its lease could end, and a stopped
   * leader's lease lives this long before another instance may take it: instance clocks must
   * differ by less than this. Below two thirds of `ttlMs`.
   * @default ttlMs / 5
   */
  marginMs?: number;
  /** How long one renewal may take before it is abandoned and counts as failed. @default 5_000 */
  timeoutMs?: number;
  /** Reads time for the lease bookkeeping (and, on Deno KV, the `expiresAt` it writes). @default systemClock */
  clock?: Clock;
}

/** The lease options once checked, defaults applied. */
export interface LeaseTimes {
  ttlMs: number;
  checkMs: number;
  marginMs: number;
  timeoutMs: number;
  clock: Clock;
}

/** What {@link leaseTimes} needs of an adapter's option checker (each adapter words its own errors). */
export interface LeaseOptionChecks {
  readonly owner: string;
  readonly code: SchedulerErrorCode;
  ms(value: unknown, name: string, fallback: number, min?: number): number;
  clock(value: unknown, fallback: Clock): Clock;
}

/** Checks the lease options of `o` (unchecked), in this order, and applies their defaults. */
export function leaseTimes(o: Record<string, unknown>, checks: LeaseOptionChecks): LeaseTimes {
  const ttlMs = checks.ms(o.ttlMs, "ttlMs", 15_000, 30);
  const checkMs = checks.ms(o.checkMs, "checkMs", Math.round(ttlMs / 3));
  const marginMs = checks.ms(o.marginMs, "marginMs", Math.round(ttlMs / 5));
  // Trust must outlast the renewal sent once a third of the lease has passed.
  if (marginMs >= (ttlMs * 2) / 3) {
    throw new SchedulerError(checks.code, `${checks.owner} option marginMs must be below two thirds of ttlMs (${ttlMs}), got ${show(marginMs)}`);
  }
  return { ttlMs, checkMs, marginMs, timeoutMs: checks.ms(o.timeoutMs, "timeoutMs", 5_000), clock: checks.clock(o.clock, systemClock) };
}
