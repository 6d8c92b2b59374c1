import { SchedulerError, show, type SchedulerErrorCode } from "../../src/errors.ts";
import { scrub as mask } from "../../src/scrub.ts";

// How the network adapters (Redis over REST and TCP, Deno KV) keep secrets out of the errors
// they report: one scrubber for messages and causes, on the core's masking rules (the ones
// run history uses) plus what only a network client knows.

/** Longest piece of server-supplied text kept in a message (a hostile server may send megabytes). */
const MAX_TEXT = 300;
/** What {@link scrub} looks at: more than MAX_TEXT plus the longest secret (a 4096-character token). */
const MAX_WORK = 10_000;

/**
 * Rewrites an error's text so no secret survives: the client's ", command was: [...]" tail
 * (it carries lock tokens), the body a failed parse echoes and any of `secrets`, then what the
 * core's {@link mask} masks (bearer tokens, URL credentials, `token=...` pairs); then truncates
 * what is left.
 */
export function scrub(text: string, secrets: readonly string[] = []): string {
  // Bounded work on server-supplied text: cut first (longer than any secret can straddle
  // into what is kept), and only linear patterns below.
  let out = text.length > MAX_WORK ? text.slice(0, MAX_WORK) : text;
  out = out.replace(/,? ?command was:[\s\S]*$/i, "");
  out = out.replace(/(Unable to parse response body)[\s\S]*$/i, "$1");
  for (const secret of secrets) if (secret) out = out.split(secret).join("***");
  out = mask(out);
  return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT - 3)}...` : out;
}

/** A copy of `error` (and its cause chain, two deep) with scrubbed messages and no stack of its own. */
function scrubbedCause(error: unknown, secrets: readonly string[], depth = 0): Error {
  const source = error instanceof Error ? error : new Error(typeof error === "string" ? error : show(error));
  const nested = depth < 2 && source.cause !== undefined ? { cause: scrubbedCause(source.cause, secrets, depth + 1) } : undefined;
  const copy = new Error(scrub(String(source.message), secrets), nested);
  copy.name = scrub(String(source.name), secrets);
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** Wraps a Redis failure in a {@link SchedulerError} whose message and cause are scrubbed. */
export function failure(code: SchedulerErrorCode, what: string, error: unknown, secrets: readonly string[]): SchedulerError {
  if (error instanceof SchedulerError) return error;
  const cause = scrubbedCause(error, secrets);
  const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : "";
  return new SchedulerError(code, `${what}: ${cause.name}: ${cause.message}${inner}`, { cause });
}
