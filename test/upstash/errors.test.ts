import { describe, expect, it } from "vitest";
import { Redis } from "@upstash/redis";
import { SchedulerError } from "../../src/errors.ts";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { startUpstashProxy } from "../support/upstash-proxy.ts";
import { useRedisProxy } from "./fixture.ts";

const env = useRedisProxy();
const TOKEN_SHAPE = /isocron-[0-9a-f]{32}/;

/** Everything an error exposes: message, stack and the whole cause chain. */
function exposed(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e !== undefined && depth < 5; depth += 1) {
    if (e instanceof Error) {
      parts.push(e.message, e.stack ?? "");
      e = e.cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.join("\n");
}

async function rejection(promise: Promise<unknown>): Promise<SchedulerError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SchedulerError);
    return error as SchedulerError;
  }
  throw new Error("expected a rejection");
}

describe("Upstash adapters: failures are SchedulerErrors without secrets", () => {
  it("a wrong token: lock() rejects with LockerFailed naming neither the API token nor the lock token", async () => {
    const secret = "wrong-secret-token-7f3a9c";
    const redis = new Redis({ url: env.proxy.url, token: secret, enableTelemetry: false });
    const error = await rejection(new UpstashLocker({ redis }).lock("billing@1700000000000", { ttlMs: 5_000 }));
    expect(error.code).toBe("LockerFailed");
    expect(error.message).toMatch(/UpstashLocker could not take lock "isocron:lock:billing@1700000000000": UpstashError: Unauthorized/);
    const text = exposed(error);
    expect(text).not.toContain(secret);
    expect(text).not.toMatch(TOKEN_SHAPE);
    expect(text).not.toContain("command was");
  });

  it("a wrong token: isLeader() rejects with ElectorFailed without the token", async () => {
    const secret = "wrong-secret-token-e1e1e1";
    const redis = new Redis({ url: env.proxy.url, token: secret, enableTelemetry: false });
    const error = await rejection(new UpstashElector({ redis, key: "errors:leader" }).isLeader());
    expect(error.code).toBe("ElectorFailed");
    expect(error.message).toMatch(/UpstashElector could not renew lease "errors:leader": UpstashError: Unauthorized/);
    expect(exposed(error)).not.toContain(secret);
  });

  it("credentials in the URL never reach the message", async () => {
    const url = env.proxy.url.replace("http://", "http://admin:hunter2pass@");
    const redis = new Redis({ url, token: "tok-url-cred", retry: false, enableTelemetry: false });
    const error = await rejection(new UpstashLocker({ redis }).lock("job@1", { ttlMs: 5_000 }));
    expect(error.code).toBe("LockerFailed");
    const text = exposed(error);
    expect(text).not.toContain("hunter2pass");
    expect(text).not.toContain("tok-url-cred");
  });

  it("a Redis error is passed through (OOM on SET), then locking works again", async () => {
    const { redis } = env.proxy.newClient();
    const direct = env.proxy.direct;
    await direct.command(["CONFIG", "SET", "maxmemory-policy", "noeviction"]);
    await direct.command(["CONFIG", "SET", "maxmemory", "1"]);
    try {
      const error = await rejection(new UpstashLocker({ redis }).lock("oom@1", { ttlMs: 5_000 }));
      expect(error.code).toBe("LockerFailed");
      expect(error.message).toMatch(/UpstashError: Command failed: OOM command not allowed/);
      expect(exposed(error)).not.toMatch(TOKEN_SHAPE);
    } finally {
      await direct.command(["CONFIG", "SET", "maxmemory", "0"]);
    }
    expect(await new UpstashLocker({ redis }).lock("oom@1", { ttlMs: 5_000 })).not.toBeNull();
  });

  it("a Redis error inside the elector's script (lease key of the wrong type) is ElectorFailed", async () => {
    const { redis } = env.proxy.newClient();
    await env.proxy.direct.command(["HSET", "errors:hash-leader", "f", "v"]);
    const error = await rejection(new UpstashElector({ redis, key: "errors:hash-leader" }).isLeader());
    expect(error.code).toBe("ElectorFailed");
    expect(error.message).toMatch(/WRONGTYPE/);
  });

  it("a hanging backend: lock() fails after timeoutMs instead of hanging", async () => {
    const { token, redis } = env.proxy.newClient();
    env.proxy.setDown(token, "hang");
    try {
      const started = Date.now();
      const error = await rejection(new UpstashLocker({ redis, timeoutMs: 300 }).lock("hang@1", { ttlMs: 5_000 }));
      expect(error.message).toMatch(/could not take lock "isocron:lock:hang@1": no answer within 300 ms/);
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      env.proxy.setDown(token, false);
    }
  });

  it("a hanging backend: the leader steps down within its trusted lease and rejects, never hangs", async () => {
    const { token, redis } = env.proxy.newClient();
    await env.proxy.direct.command(["SET", "errors:hang-leader:seen", "1"]);
    const elector = new UpstashElector({ redis, key: "errors:hang-leader", ttlMs: 1_000, marginMs: 200, timeoutMs: 5_000 });
    const started = Date.now();
    expect(await elector.isLeader()).toBe(true);
    env.proxy.setDown(token, "hang");
    let lastTrue = started;
    let failure: unknown;
    while (Date.now() - started < 4_000 && failure === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      try {
        if (await elector.isLeader()) lastTrue = Date.now();
      } catch (error) {
        failure = error;
      }
    }
    env.proxy.setDown(token, false);
    expect(lastTrue - started).toBeLessThan(800); // never past ttl - margin
    expect(failure).toBeInstanceOf(SchedulerError);
    expect((failure as SchedulerError).message).toMatch(/no answer within \d+ ms/);
    await elector.stop();
  });

  it("a stopped proxy: lock() and isLeader() reject quickly (connection refused), they do not hang", async () => {
    const other = await startUpstashProxy(env.server.port);
    const fast = other.newClient({ retry: false });
    const retrying = other.newClient(); // the client's default: 5 retries with backoff
    await other.stop();
    const started = Date.now();
    const refused = await rejection(new UpstashLocker({ redis: fast.redis }).lock("down@1", { ttlMs: 5_000 }));
    expect(refused.message).toMatch(/TypeError: fetch failed \(.*ECONNREFUSED/);
    const bounded = await rejection(new UpstashLocker({ redis: retrying.redis, timeoutMs: 800 }).lock("down@2", { ttlMs: 5_000 }));
    expect(bounded.message).toMatch(/no answer within 800 ms/);
    const electorError = await rejection(new UpstashElector({ redis: fast.redis }).isLeader());
    expect(electorError.code).toBe("ElectorFailed");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("an aborted signal: lock() rejects at once and sends nothing", async () => {
    const { token, redis } = env.proxy.newClient();
    const controller = new AbortController();
    controller.abort(new Error("shutting down"));
    const error = await rejection(new UpstashLocker({ redis }).lock("aborted@1", { ttlMs: 5_000, signal: controller.signal }));
    expect(error.message).toMatch(/could not take lock "isocron:lock:aborted@1": aborted/);
    expect(env.proxy.commandsOf(token)).toEqual([]);
  });
});
