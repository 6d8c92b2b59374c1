import type { Context } from "hono";
import { SchedulerError } from "../../src/errors.ts";
import type { AdminConfig } from "./options.ts";

/** The status codes the API answers errors with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 429 | 500;

/** Headers of every API answer: it is private data, never to be cached or sniffed. */
export const API_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;

/** An error answer: `{ error, code }` as JSON, never a stack. */
export function fail(c: Context, status: ErrorStatus, code: string, error: string, headers: Record<string, string> = {}): Response {
  return c.json({ error, code }, status, { ...API_HEADERS, ...headers });
}

/** A JSON answer with {@link API_HEADERS}. */
export function ok(c: Context, body: unknown, status: 200 | 202 = 200): Response {
  return c.json(body, status, API_HEADERS);
}

/** Logs without ever throwing: a broken logger must not turn an answer into a crash. */
export function log(config: AdminConfig, message: string, error?: unknown): void {
  try {
    config.logger.error(message, error);
  } catch {
    // nowhere left to report it
  }
}

/**
 * What a source's failure answers: a `SchedulerError` (the scheduler was shut down, a host
 * refused) is a 409 with its code and message, which isocron writes without secrets; anything
 * else is logged and answered with a generic 500, since its message may carry anything.
 */
export function sourceFailed(c: Context, config: AdminConfig, error: unknown): Response {
  if (error instanceof SchedulerError) return fail(c, 409, error.code, error.message);
  log(config, "[isocron] admin: the job source failed", error);
  return fail(c, 500, "AdminSourceFailed", "the job source failed; see the server's log");
}
