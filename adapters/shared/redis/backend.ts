import type { CallContext } from "./call.ts";

/**
 * How the Redis lockers and electors reach Redis: two kinds of script call, whatever carries
 * them (Upstash REST, a user's `@upstash/redis` client, a TCP client). Replies come back
 * decoded but unchecked: the callers accept only the exact replies they expect.
 */
export interface Backend {
  /** `EVAL`: one command every time (the script text travels with it). */
  eval(script: string, keys: string[], args: string[], context: CallContext): Promise<unknown>;
  /** `EVALSHA`, falling back to `EVAL` when the server answers NOSCRIPT. */
  evalsha(script: string, keys: string[], args: string[], context: CallContext): Promise<unknown>;
  /** Values to scrub from every error (the REST token, when known). */
  readonly secrets: readonly string[];
}

/**
 * A {@link Backend} over anything that sends one raw command (`["EVAL", script, numkeys,
 * ...keys, ...args]`) and resolves with its decoded reply. Script hashes are computed once.
 */
export abstract class CommandBackend implements Backend {
  abstract readonly secrets: readonly string[];
  readonly #shas = new Map<string, Promise<string>>();

  /** Sends one command; resolves with its reply (whatever it is), rejects on any failure. */
  abstract command(args: string[], context: CallContext): Promise<unknown>;

  /** Whether `error` is the server's NOSCRIPT reply (not a transport failure that mentions it). */
  protected abstract isNoScript(error: unknown): boolean;

  eval(script: string, keys: string[], args: string[], context: CallContext): Promise<unknown> {
    return this.command(["EVAL", script, String(keys.length), ...keys, ...args], context);
  }

  async evalsha(script: string, keys: string[], args: string[], context: CallContext): Promise<unknown> {
    let sha = this.#shas.get(script);
    if (!sha) this.#shas.set(script, (sha = sha1(script)));
    try {
      return await this.command(["EVALSHA", await sha, String(keys.length), ...keys, ...args], context);
    } catch (error) {
      if (!this.isNoScript(error)) throw error;
      return this.eval(script, keys, args, context);
    }
  }
}

async function sha1(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
