import { SchedulerError, show } from "../../src/errors.ts";
import type { Backend } from "../shared/redis/backend.ts";
import { OptionChecks } from "../shared/redis/checks.ts";
import { clientBackend } from "./client-backend.ts";
import { UpstashRest } from "./rest.ts";

/**
 * The part of an `@upstash/redis` client the adapters use (any of its runtime builds fits).
 * Spelled out rather than picked from that package's `Redis`, so a project that connects with
 * `{ url, token }` type-checks without `@upstash/redis` installed.
 */
export interface UpstashRedis {
  eval(script: string, keys: string[], args: string[]): Promise<unknown>;
  createScript(script: string): { exec(keys: string[], args: string[]): Promise<unknown> };
}

/** How an adapter reaches Upstash: its own hardened REST client, or an existing `@upstash/redis` client. */
export interface UpstashConnection {
  /**
   * An `@upstash/redis` client. Simple, but that client follows redirects, cannot cancel a
   * request the adapter gave up on, and reads replies whole: prefer `url` and `token`.
   */
  redis?: UpstashRedis;
  /**
   * The REST URL (`UPSTASH_REDIS_REST_URL`). The adapter then talks to Upstash itself: every
   * request has a timeout that cancels it, never follows a redirect, reads at most 64 KiB.
   * `http://` is refused unless the host is loopback or `allowInsecure` is set.
   */
  url?: string;
  /** The REST token (`UPSTASH_REDIS_REST_TOKEN`). With `redis`, optional: only scrubbed from errors. */
  token?: string;
  /** Allows a non-loopback `http://` URL (the token then travels in clear). @default false */
  allowInsecure?: boolean;
}

export const CONNECTION_KEYS = ["redis", "url", "token", "allowInsecure"] as const;

const invalid = (message: string) => new SchedulerError("UpstashOptionsInvalid", message);

/** The shared option checks, failing with `UpstashOptionsInvalid`. */
export const upstashChecks = (owner: string): OptionChecks => new OptionChecks(owner, "UpstashOptionsInvalid");

function checkRedis(value: unknown, owner: string): UpstashRedis {
  const redis = value as Partial<Record<"eval" | "createScript", unknown>> | null;
  if (redis === null || typeof redis !== "object" || typeof redis.eval !== "function" || typeof redis.createScript !== "function") {
    throw invalid(`${owner} option redis must be a Redis client from @upstash/redis, got ${show(value)}`);
  }
  return value as UpstashRedis;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

function checkUrl(value: unknown, allowInsecure: boolean, owner: string): string {
  if (typeof value !== "string" || value.length > 2048) throw invalid(`${owner} option url must be a string, got ${show(value)}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(`${owner} option url is not a URL: ${show(value.replace(/\/\/[^/]*@/, "//***@"))}`);
  }
  if (url.username || url.password) throw invalid(`${owner} option url must not carry credentials (give the token as token)`);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalid(`${owner} option url must be https://, got ${show(url.protocol)}`);
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname) && !allowInsecure) {
    throw invalid(`${owner} refuses http://${url.hostname}: the token would travel in clear (use https://, a loopback host, or allowInsecure: true)`);
  }
  return url.href;
}

function checkToken(value: unknown, owner: string, required: boolean): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value.length === 0 || value.length > 4096 || /\s/.test(value)) {
    throw invalid(`${owner} option token must be a non-empty string without spaces, got ${typeof value === "string" ? "a bad string" : show(value)}`);
  }
  return value;
}

/** Validates the connection options and builds the backend: exactly one of `redis` or `url` + `token`. */
export function checkConnection(o: Record<string, unknown>, owner: string): Backend {
  if (o.allowInsecure !== undefined && typeof o.allowInsecure !== "boolean") throw invalid(`${owner} option allowInsecure must be a boolean, got ${show(o.allowInsecure)}`);
  if (o.redis !== undefined && o.url !== undefined) throw invalid(`${owner} takes either redis or url and token, not both`);
  if (o.url === undefined && o.redis === undefined) throw invalid(`${owner} needs url and token (or redis, an @upstash/redis client)`);
  if (o.url !== undefined) {
    const url = checkUrl(o.url, o.allowInsecure === true, owner);
    return new UpstashRest(url, checkToken(o.token, owner, true) as string);
  }
  return clientBackend(checkRedis(o.redis, owner), checkToken(o.token, owner, false));
}
