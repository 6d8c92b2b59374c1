import type { Backend } from "../shared/redis/backend.ts";
import type { UpstashRedis } from "./options.ts";

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
