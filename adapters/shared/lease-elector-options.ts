import type { Clock } from "../../src/clock.ts";

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
