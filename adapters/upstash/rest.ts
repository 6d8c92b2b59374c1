import { CommandBackend } from "../shared/redis/backend.ts";
import type { CallContext } from "../shared/redis/call.ts";
import { MAX_BODY_BYTES, readLimited } from "../shared/read-limited.ts";

/** Our replies are a few bytes; anything past this is a mistake or an attack. */
export const MAX_REPLY_BYTES = MAX_BODY_BYTES;
/** Attempts per call after a network failure (safe: every script the adapters send is idempotent). */
const ATTEMPTS = 3;

/** A Redis error reply (`{ "error": "..." }`), as opposed to a transport failure. */
export class RedisReplyError extends Error {
  override name = "RedisError";
}

/**
 * A minimal Upstash REST client (`POST /` with a JSON command, `Authorization: Bearer`), built
 * for the adapters' few commands: each request is cancelled by the caller's signal, a redirect
 * is refused (it would re-send the body with its lock token elsewhere), a reply is read up to
 * {@link MAX_REPLY_BYTES}, and a network failure is retried while the call's time lasts.
 */
export class UpstashRest extends CommandBackend {
  readonly secrets: readonly string[];
  readonly #url: string;
  readonly #token: string;

  constructor(url: string, token: string) {
    super();
    this.#url = url;
    this.#token = token;
    this.secrets = [token];
  }

  protected isNoScript(error: unknown): boolean {
    return error instanceof RedisReplyError && /NOSCRIPT/i.test(error.message);
  }

  /** Sends one command; resolves with its `result` (whatever it is), rejects on any failure. */
  async command(args: string[], context: CallContext): Promise<unknown> {
    const { signal } = context;
    let response: Response | undefined;
    for (let attempt = 1; response === undefined; attempt += 1) {
      try {
        response = await fetch(this.#url, {
          method: "POST",
          headers: { authorization: `Bearer ${this.#token}`, "content-type": "application/json" },
          body: JSON.stringify(args),
          redirect: "manual",
          signal,
        });
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (attempt >= ATTEMPTS) throw error;
        context.note(error);
        await pause(25 * attempt, signal);
      }
    }
    const status = response.status;
    if (response.type === "opaqueredirect" || (status >= 300 && status < 400)) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`refused a redirect (HTTP ${status}): isocron never follows one`);
    }
    const text = await readLimited(response.body, response.headers.get("content-length"), signal);
    if (text === null) throw new Error(`reply larger than ${MAX_REPLY_BYTES} bytes`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`unparsable reply (HTTP ${status})`);
    }
    const error = body !== null && typeof body === "object" ? (body as { error?: unknown }).error : undefined;
    // Upstash answers a Redis error with HTTP 400 and { error }; other statuses are the service's.
    if (typeof error === "string" && (response.ok || status === 400)) throw new RedisReplyError(error);
    if (!response.ok) throw new Error(`HTTP ${status}${typeof error === "string" ? `: ${error}` : ""}`);
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw new Error(`unexpected reply shape (HTTP ${status})`);
    return (body as { result?: unknown }).result;
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", stop, { once: true });
  });
}
