import { SchedulerError, show } from "../../src/errors.ts";

/** Longest lease name or lock key the lease object accepts, in characters. */
export const MAX_LEASE_NAME = 512;
/** Longest holder id (instance id or lock token), in characters. */
export const MAX_HOLDER = 256;
/** Longest lease TTL: 30 days, far beyond any sane lease, well inside safe integers. */
export const MAX_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Why lease arguments are unusable, or null when they are fine. Checked at both ends. */
export function leaseArgsProblem(name: unknown, holder: unknown, ttlMs?: unknown): string | null {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_LEASE_NAME) {
    return `lease name must be a string of 1 to ${MAX_LEASE_NAME} characters, got ${show(name)}`;
  }
  if (typeof holder !== "string" || holder.length === 0 || holder.length > MAX_HOLDER) {
    // The holder of a lock is its secret token: never echo it.
    return `holder must be a string of 1 to ${MAX_HOLDER} characters`;
  }
  if (ttlMs !== undefined && !isTtl(ttlMs)) {
    return `ttlMs must be a number of ms in (0, ${MAX_TTL_MS}], got ${show(ttlMs)}`;
  }
  return null;
}

/** Whether `value` is a usable lease TTL in ms. */
export function isTtl(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 && value <= MAX_TTL_MS;
}

/** Throws `LeaseRequestInvalid` when the arguments are unusable. */
export function assertLeaseArgs(name: unknown, holder: unknown, ttlMs?: unknown): void {
  const problem = leaseArgsProblem(name, holder, ttlMs);
  if (problem !== null) throw new SchedulerError("LeaseRequestInvalid", problem);
}
