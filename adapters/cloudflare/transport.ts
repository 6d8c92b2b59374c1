import type { Clock } from "../../src/clock.ts";
import { SchedulerError, show } from "../../src/errors.ts";
import type { SchedulerErrorCode } from "../../src/errors.ts";
import { untilAborted } from "../shared/until-aborted.ts";
import { Deadline } from "../shared/deadline.ts";
import { HttpFailure, parseBaseUrl, postJson } from "./http-call.ts";
import type { Fetch } from "./http-call.ts";
import { isLeaseResult } from "./lease-protocol.ts";
import type { LeaseOp } from "./lease-protocol.ts";
import type { LeaseConnection, LeaseNamespace, LeaseResult } from "./types.ts";

/** Bounds of one call: it fails after `timeoutMs`, and at once when `signal` aborts. */
export interface CallLimits {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** How the elector and locker reach a lease object; every failure is a SchedulerError. */
export interface LeaseTransport {
  acquire(object: string, name: string, holder: string, ttlMs: number, limits: CallLimits): Promise<LeaseResult>;
  renew(object: string, name: string, holder: string, ttlMs: number, limits: CallLimits): Promise<LeaseResult>;
  /** Lets the lease end `graceMs` from now (never later than it would have). */
  release(object: string, name: string, holder: string, graceMs: number, limits: CallLimits): Promise<boolean>;
}

/** `ms` is the TTL for acquire and renew, the grace for release. */
type Call = (op: LeaseOp, object: string, name: string, holder: string, ms: number, signal: AbortSignal) => Promise<unknown>;

/**
 * Checks `connection` and returns a transport over RPC (namespace binding) or HTTP (url and
 * token). Bad options throw `invalidCode`; failed, timed-out or aborted calls reject with
 * `failCode`, whose message says why ("no answer within 5000 ms", "connection refused",
 * "aborted") and never shows the URL or a token. Timeouts run on `clock`.
 */
export function connect(connection: LeaseConnection, clock: Clock, invalidCode: SchedulerErrorCode, failCode: SchedulerErrorCode): LeaseTransport {
  const call = connection.namespace !== undefined
    ? rpcCall(connection.namespace, invalidCode)
    : httpCall(connection as Record<string, unknown>, invalidCode);
  const run = async (op: LeaseOp, object: string, name: string, holder: string, ms: number, limits: CallLimits): Promise<unknown> => {
    const { signal, timeoutMs } = limits;
    const fail = (why: string, cause: unknown): SchedulerError =>
      new SchedulerError(failCode, `${op} of lease ${show(name)} failed: ${why}`, { cause });
    // The caller's reason (e.g. SchedulerShutdown) is the cause, so a stop reads as a stop.
    if (signal?.aborted) throw fail("aborted", signal.reason);
    const deadline = new Deadline(clock, timeoutMs, signal);
    try {
      return await untilAborted(call(op, object, name, holder, ms, deadline.signal), deadline.signal);
    } catch (error) {
      if (deadline.timedOut) throw fail(`no answer within ${timeoutMs} ms`, error);
      if (signal?.aborted) throw fail("aborted", signal.reason);
      if (error instanceof SchedulerError && error.code === failCode) throw error;
      throw fail(reason(error), error);
    } finally {
      deadline.end();
    }
  };
  const result = (op: LeaseOp, name: string, value: unknown): LeaseResult => {
    if (isLeaseResult(value)) return value;
    throw new SchedulerError(failCode, `${op} of lease ${show(name)} got a malformed answer`);
  };
  return {
    acquire: async (object, name, holder, ttlMs, limits) => result("acquire", name, await run("acquire", object, name, holder, ttlMs, limits)),
    renew: async (object, name, holder, ttlMs, limits) => result("renew", name, await run("renew", object, name, holder, ttlMs, limits)),
    release: async (object, name, holder, graceMs, limits) => (await run("release", object, name, holder, graceMs, limits)) === true,
  };
}

/** Over RPC: a stub call cannot be cancelled, so the caller stops waiting instead. */
function rpcCall(namespace: LeaseNamespace, invalidCode: SchedulerErrorCode): Call {
  if (typeof namespace !== "object" || namespace === null || typeof namespace.getByName !== "function") {
    throw new SchedulerError(invalidCode, `namespace must be a Durable Object namespace binding with getByName(), got ${show(namespace)}`);
  }
  return async (op, object, name, holder, ms) => {
    const stub = namespace.getByName(object);
    return await (op === "release" ? stub.release(name, holder, ms) : stub[op](name, holder, ms));
  };
}

function httpCall(options: Record<string, unknown>, invalidCode: SchedulerErrorCode): Call {
  const base = parseBaseUrl(options.url, options.allowInsecure, invalidCode);
  const token = options.token;
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new SchedulerError(invalidCode, `fetch must be a function, got ${show(options.fetch)}`);
  }
  // The default fetch refuses redirects itself too, whatever init says: one would carry the
  // token and the lock's holder to another host.
  const send = (options.fetch as Fetch | undefined) ?? ((url, init) => fetch(url, { ...init, redirect: "manual" }));
  // Checked without echoing it: the token is a secret.
  if (typeof token !== "string" || token.length === 0 || /[\s\0]/.test(token)) {
    throw new SchedulerError(invalidCode, "token must be a non-empty string without whitespace (the Worker's API_TOKEN)");
  }
  return (op, object, name, holder, ms, signal) => {
    const body = op === "release" ? { object, name, holder, graceMs: ms } : { object, name, holder, ttlMs: ms };
    return postJson(send, `${base}/lease/${op}`, token, body, signal);
  };
}

/** Fixed phrases for network failures, matched on error codes and texts that are never shown. */
const NETWORK: ReadonlyArray<readonly [RegExp, string]> = [
  [/ECONNREFUSED|ConnectionRefused|connection refused/i, "connection refused"],
  [/ECONNRESET|ConnectionReset|connection reset|socket hang up|UND_ERR_SOCKET|other side closed|ConnectionClosed/i, "connection reset"],
  [/ENOTFOUND|EAI_AGAIN|failed to lookup|name resolution|getaddrinfo/i, "host not found"],
  [/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|connect timeout/i, "connection timed out"],
  [/CERT_|certificate|TLS|SSL/, "TLS failure"],
];

/** A short reason for a message: never a URL or a token (the raw error stays in `cause`). */
function reason(error: unknown): string {
  // Our own messages (also those thrown inside the lease object and carried over RPC) are safe.
  if (error instanceof HttpFailure) return error.message;
  // Over RPC workerd prefixes the message with the error's name.
  const ours = error instanceof Error ? /^(?:SchedulerError: )?\[isocron\] ([\s\S]*)$/.exec(error.message) : null;
  if (ours !== null) return ours[1] as string;
  const text = describe(error);
  for (const [pattern, phrase] of NETWORK) if (pattern.test(text)) return phrase;
  return error instanceof TypeError ? "network error" : "the lease object threw";
}

/** Codes and messages of `error` and its causes, two deep, for matching only. */
function describe(error: unknown, depth = 0): string {
  if (typeof error !== "object" || error === null || depth > 2) return "";
  try {
    const e = error as { code?: unknown; message?: unknown; cause?: unknown };
    return `${String(e.code ?? "")} ${String(e.message ?? "")} ${describe(e.cause, depth + 1)}`;
  } catch {
    return ""; // a hostile error object (throwing getter, Proxy) tells us nothing
  }
}
