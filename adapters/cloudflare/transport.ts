import { SchedulerError, show } from "../../src/errors.ts";
import type { SchedulerErrorCode } from "../../src/errors.ts";
import { isLeaseResult } from "./lease-protocol.ts";
import type { LeaseOp } from "./lease-protocol.ts";
import type { LeaseConnection, LeaseNamespace, LeaseResult } from "./types.ts";

/** How the elector and locker reach a lease object; every failure is a SchedulerError. */
export interface LeaseTransport {
  acquire(object: string, name: string, holder: string, ttlMs: number, signal?: AbortSignal): Promise<LeaseResult>;
  renew(object: string, name: string, holder: string, ttlMs: number, signal?: AbortSignal): Promise<LeaseResult>;
  release(object: string, name: string, holder: string, signal?: AbortSignal): Promise<boolean>;
}

type Call = (op: LeaseOp, object: string, name: string, holder: string, ttlMs: number | undefined, signal?: AbortSignal) => Promise<unknown>;

/**
 * Checks `connection` and returns a transport over RPC (namespace binding) or HTTP (url and
 * token). Bad options throw `invalidCode`; failed calls reject with `failCode`.
 */
export function connect(connection: LeaseConnection, invalidCode: SchedulerErrorCode, failCode: SchedulerErrorCode): LeaseTransport {
  const call = connection.namespace !== undefined
    ? rpcCall(connection.namespace, invalidCode)
    : httpCall(connection as { url?: unknown; token?: unknown; fetch?: unknown }, invalidCode);
  const run = async (op: LeaseOp, object: string, name: string, holder: string, ttlMs?: number, signal?: AbortSignal): Promise<unknown> => {
    try {
      if (signal?.aborted) throw signal.reason;
      return await call(op, object, name, holder, ttlMs, signal);
    } catch (error) {
      if (error instanceof SchedulerError && error.code === failCode) throw error;
      throw new SchedulerError(failCode, `${op} of lease ${show(name)} failed: ${reason(error, signal)}`, { cause: error });
    }
  };
  const result = (op: LeaseOp, name: string, value: unknown): LeaseResult => {
    if (isLeaseResult(value)) return value;
    throw new SchedulerError(failCode, `${op} of lease ${show(name)} got a malformed answer`);
  };
  return {
    acquire: async (object, name, holder, ttlMs, signal) => result("acquire", name, await run("acquire", object, name, holder, ttlMs, signal)),
    renew: async (object, name, holder, ttlMs, signal) => result("renew", name, await run("renew", object, name, holder, ttlMs, signal)),
    release: async (object, name, holder, signal) => (await run("release", object, name, holder, undefined, signal)) === true,
  };
}

function rpcCall(namespace: LeaseNamespace, invalidCode: SchedulerErrorCode): Call {
  if (typeof namespace !== "object" || namespace === null || typeof namespace.getByName !== "function") {
    throw new SchedulerError(invalidCode, `namespace must be a Durable Object namespace binding with getByName(), got ${show(namespace)}`);
  }
  return (op, object, name, holder, ttlMs, signal) => {
    const stub = namespace.getByName(object);
    const pending: Promise<unknown> = op === "release" ? stub.release(name, holder) : stub[op](name, holder, ttlMs as number);
    return raceAbort(pending, signal);
  };
}

function httpCall(options: { url?: unknown; token?: unknown; fetch?: unknown }, invalidCode: SchedulerErrorCode): Call {
  const base = parseBaseUrl(options.url, invalidCode);
  const token = options.token;
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new SchedulerError(invalidCode, `fetch must be a function, got ${show(options.fetch)}`);
  }
  const send = (options.fetch as ((url: string, init: RequestInit) => Promise<Response>) | undefined) ?? ((url, init) => fetch(url, init));
  // Checked without echoing it: the token is a secret.
  if (typeof token !== "string" || token.length === 0 || /[\s\0]/.test(token)) {
    throw new SchedulerError(invalidCode, "token must be a non-empty string without whitespace (the Worker's API_TOKEN)");
  }
  return async (op, object, name, holder, ttlMs, signal) => {
    const response = await send(`${base}/lease/${op}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ object, name, holder, ttlMs }),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(response.status === 401 ? "the Worker refused the token (HTTP 401)" : `the Worker answered HTTP ${response.status}`);
    }
    return await response.json();
  };
}

/** The base URL without a trailing slash, query or fragment; credentials are refused. */
function parseBaseUrl(value: unknown, invalidCode: SchedulerErrorCode): string {
  let url: URL;
  try {
    url = new URL(value instanceof URL ? value.href : String(value));
  } catch {
    throw new SchedulerError(invalidCode, "url must be an absolute http(s) URL of the Worker");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new SchedulerError(invalidCode, `url must use http or https, got ${show(url.protocol)}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new SchedulerError(invalidCode, "url must not carry credentials; pass the bearer token as `token`");
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function raceAbort<T>(pending: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal === undefined) return pending;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(
      (value) => { signal.removeEventListener("abort", onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener("abort", onAbort); reject(error); },
    );
  });
}

/** A short reason for a message: never a URL or a token, those stay in `cause`. */
function reason(error: unknown, signal?: AbortSignal): string {
  if (signal?.aborted) return "aborted";
  // Our own messages (also those thrown inside the lease object and carried over RPC) are safe.
  if (error instanceof Error && error.message.startsWith("[isocron] ")) return error.message.slice(10);
  if (error instanceof Error && error.message.startsWith("the Worker")) return error.message;
  return error instanceof TypeError ? "network error" : "the lease object threw";
}
