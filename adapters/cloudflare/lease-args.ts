import { SchedulerError, show } from "../../src/errors.ts";

/** Longest lease name or lock key the lease object accepts, in characters. */
export const MAX_LEASE_NAME = 512;
/** Longest holder id (instance id or lock token), in characters. */
export const MAX_HOLDER = 256;
/**
 * Longest lease TTL: 24 days. Below `MAX_TIMER_MS` (about 24.8 days), so every timer derived
 * from a TTL (a lock's extension, a request's timeout) is one the runtime honours.
 */
export const MAX_TTL_MS = 24 * 24 * 60 * 60 * 1000;

/** Why a lease name and holder are unusable, or null when they are fine. Checked at both ends. */
export function leaseArgsProblem(name: unknown, holder: unknown): string | null {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_LEASE_NAME) {
    return `lease name must be a string of 1 to ${MAX_LEASE_NAME} characters, got ${show(name)}`;
  }
  if (typeof holder !== "string" || holder.length === 0 || holder.length > MAX_HOLDER) {
    // The holder of a lock is its secret token: never echo it.
    return `holder must be a string of 1 to ${MAX_HOLDER} characters`;
  }
  return null;
}

/** Why `ttlMs` is not a usable lease TTL (a missing one included), or null when it is. */
export function ttlProblem(ttlMs: unknown): string | null {
  return isTtl(ttlMs) ? null : `ttlMs must be a number of ms in (0, ${MAX_TTL_MS}], got ${show(ttlMs)}`;
}

/**
 * Why `graceMs` (how long a released lease still lasts) is unusable, or null when it is fine.
 * Absent is fine: the lease then runs to its own end (the safe reading of an older client).
 */
export function graceProblem(graceMs: unknown): string | null {
  if (graceMs === undefined) return null;
  const ok = typeof graceMs === "number" && Number.isFinite(graceMs) && graceMs >= 0 && graceMs <= MAX_TTL_MS;
  return ok ? null : `graceMs must be a number of ms in [0, ${MAX_TTL_MS}], got ${show(graceMs)}`;
}

/** Whether `value` is a usable lease TTL in ms. */
export function isTtl(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 && value <= MAX_TTL_MS;
}

/**
 * Throws `LeaseRequestInvalid` when the arguments are unusable. With `withTtl`, a TTL is
 * required: a missing one over RPC would otherwise reach SQLite as NULL.
 */
export function assertLeaseArgs(name: unknown, holder: unknown, withTtl: boolean, ttlMs?: unknown): void {
  const problem = leaseArgsProblem(name, holder) ?? (withTtl ? ttlProblem(ttlMs) : null);
  if (problem !== null) throw new SchedulerError("LeaseRequestInvalid", problem);
}
