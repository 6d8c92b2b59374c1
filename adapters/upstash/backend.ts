import type { CallContext } from "./call.ts";
import type { UpstashRedis } from "./options.ts";

/**
 * How the adapters reach Redis: two kinds of script call, whatever carries them. Replies come
 * back as decoded JSON, unchecked: the adapters accept only the exact replies they expect.
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
 * A {@link Backend} over a user's `@upstash/redis` client. That client cannot be given a
 * per-request signal from outside, follows redirects and reads replies whole: a timed-out
 * request is abandoned, not cancelled (unless the client was built with
 * `signal: () => AbortSignal.timeout(ms)`). The `{ url, token }` form avoids all three.
 */
export function clientBackend(redis: UpstashRedis, token: string | undefined): Backend {
  const scripts = new Map<string, ReturnType<UpstashRedis["createScript"]>>();
  return {
    secrets: token ? [token] : [],
    eval: (script, keys, args) => redis.eval(script, keys, args),
    evalsha: (script, keys, args) => {
      let compiled = scripts.get(script);
      if (!compiled) scripts.set(script, (compiled = redis.createScript(script)));
      return compiled.exec(keys, args);
    },
  };
}
