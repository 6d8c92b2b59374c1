import type { LeaseResult } from "./types.ts";

/** The lease operations, each served at `POST <base>/lease/<op>`. */
export type LeaseOp = "acquire" | "renew" | "release";

/** Whether `op` names a lease operation. */
export function isLeaseOp(op: unknown): op is LeaseOp {
  return op === "acquire" || op === "renew" || op === "release";
}

/**
 * The JSON body of a lease request: `object` names the lease Durable Object instance, `name`
 * the lease (or lock key) inside it. `ttlMs` is absent for `release`; `graceMs` is only for
 * `release` (how long the lease still lasts; absent, it runs to its own end).
 */
export interface LeaseRequestBody {
  readonly object: string;
  readonly name: string;
  readonly holder: string;
  readonly ttlMs?: number;
  readonly graceMs?: number;
}

/** Whether `value` has the shape of a {@link LeaseResult}. */
export function isLeaseResult(value: unknown): value is LeaseResult {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.held === "boolean" && typeof v.remainingMs === "number" && typeof v.fence === "number";
}
