import type { Clock } from "../../../src/clock.ts";
import { SchedulerError, show, type SchedulerErrorCode } from "../../../src/errors.ts";
import { Deadline } from "../deadline.ts";

/** Longest piece of server-supplied text kept in a message (a hostile server may send megabytes). */
const MAX_TEXT = 300;
/** What {@link scrub} looks at: more than MAX_TEXT plus the longest secret (a 4096-character token). */
const MAX_WORK = 10_000;

/**
 * Rewrites an error's text so no secret survives: the client's ", command was: [...]" tail
 * (it carries lock tokens), the body a failed parse echoes, bearer tokens, URL credentials and
 * any of `secrets`; then truncates what is left.
 */
export function scrub(text: string, secrets: readonly string[] = []): string {
  // Bounded work on server-supplied text: cut first (longer than any secret can straddle
  // into what is kept), and only linear patterns below.
  let out = text.length > MAX_WORK ? text.slice(0, MAX_WORK) : text;
  out = out.replace(/,? ?command was:[\s\S]*$/i, "");
  out = out.replace(/(Unable to parse response body)[\s\S]*$/i, "$1");
  for (const secret of secrets) if (secret) out = out.split(secret).join("***");
  out = out.replace(/Bearer\s+\S+/gi, "Bearer ***");
  out = out.replace(/\b([a-z][a-z0-9+.-]{0,30}:\/\/)[^/\s@]{0,256}@/gi, "$1***@");
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

export interface CallOptions {
  code: SchedulerErrorCode;
  /** What was being done, for the message, e.g. `UpstashLocker could not take "job@1"`. */
  what: string;
  clock: Clock;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Values that must never appear in an error (the REST token, lock tokens). */
  secrets?: readonly string[];
}

/** What an operation gets from {@link callRedis}: the signal that cancels its request, and a place to note a transient failure. */
export interface CallContext {
  signal: AbortSignal;
  /** Records a failure that will be retried, so a timeout can name the real cause. */
  note(error: unknown): void;
}

/**
 * Runs one Redis call, bounded by `timeoutMs` on the clock and by `signal`. On a timeout or an
 * abort the request itself is cancelled (the operation's `signal` aborts), and the message names
 * the last failure the operation noted ("connection refused", not only "no answer"). Every
 * failure becomes a scrubbed {@link SchedulerError}.
 */
export function callRedis<T>(operation: (context: CallContext) => Promise<T>, options: CallOptions): Promise<T> {
  const { code, what, clock, timeoutMs, signal, secrets = [] } = options;
  // The shared deadline: its signal aborts (cancelling the request) on the timeout or the caller's abort.
  const deadline = new Deadline(clock, timeoutMs, signal);
  let lastNoted: unknown;
  return new Promise<T>((resolve, reject) => {
    const finish = (settle: () => void): void => {
      deadline.end();
      deadline.signal.removeEventListener("abort", onAbort);
      settle();
    };
    const onAbort = (): void => {
      if (!deadline.timedOut) return finish(() => reject(new SchedulerError(code, `${what}: aborted`, { cause: signal?.reason })));
      const last = lastNoted === undefined ? "" : ` (last error: ${failure(code, "", lastNoted, secrets).message.replace(/^\[isocron\] \w+: : /, "")})`;
      finish(() => reject(new SchedulerError(code, `${what}: no answer within ${timeoutMs} ms${last}`)));
    };
    if (deadline.signal.aborted) return onAbort();
    deadline.signal.addEventListener("abort", onAbort, { once: true });
    let pending: Promise<T>;
    try {
      pending = operation({ signal: deadline.signal, note: (error) => void (lastNoted = error) });
    } catch (error) {
      return finish(() => reject(failure(code, what, error, secrets)));
    }
    pending.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(failure(code, what, error, secrets))),
    );
  });
}

/** A random token that can never read as a number (the client JSON-parses replies). */
export function randomToken(prefix = "isocron-"): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Describes a reply without echoing it (it may hold a token). */
export function replyShape(reply: unknown): string {
  if (reply === null || reply === undefined) return String(reply);
  if (typeof reply === "number") return String(reply);
  if (Array.isArray(reply)) return `(an array of ${reply.length})`;
  return `(a ${typeof reply})`;
}
