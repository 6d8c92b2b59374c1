import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisElector, RedisLocker } from "../../adapters/redis/index.ts";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { startUpstashProxy, type UpstashProxy } from "../support/upstash-proxy.ts";
import { useRedis } from "./fixture.ts";

/* One implementation, two transports: Upstash (REST) and TCP instances share one Redis. */
const env = useRedis();
let proxy: UpstashProxy | undefined;
beforeAll(async () => {
  proxy = await startUpstashProxy(env.port);
});
afterAll(async () => {
  await proxy?.stop();
});

describe("isocron/redis and isocron/upstash on one Redis: the same keys and scripts", () => {
  it("lockers: of two TCP and two REST instances asking for the same batch, exactly one wins each occurrence", async () => {
    const rest = () => new UpstashLocker({ url: proxy?.url ?? "", token: proxy?.newClient().token ?? "" });
    const lockers = [new RedisLocker({ client: await env.connect("node-redis") }), new RedisLocker({ client: await env.connect("ioredis") }), rest(), rest()];
    const keys = ["mixed-a@1", "mixed-b@1", "mixed-c@1"];
    const results = await Promise.all(lockers.map((locker) => locker.lockMany(keys, { ttlMs: 5_000 })));
    for (const [k] of keys.entries()) expect(results.filter((locks) => locks[k] !== null)).toHaveLength(1);
    expect(await lockers[2]?.lock("mixed-a@1", { ttlMs: 5_000 })).toBeNull();
  });

  it("electors: a TCP leader and a REST follower compete for one lease; stop() hands it over", async () => {
    await env.direct.command(["SET", "mixed:leader:seen", "1"]);
    const tcp = new RedisElector({ client: await env.connect("node-redis"), key: "mixed:leader", ttlMs: 2_000, checkMs: 300 });
    const upstash = new UpstashElector({ url: proxy?.url ?? "", token: proxy?.newClient().token ?? "", key: "mixed:leader", ttlMs: 2_000, checkMs: 300 });
    expect(await tcp.isLeader()).toBe(true);
    expect(await upstash.isLeader()).toBe(false);
    await tcp.stop();
    await new Promise((resolve) => setTimeout(resolve, 300 + 400 + 100)); // checkMs + marginMs (ttl / 5) + slack
    expect(await upstash.isLeader()).toBe(true);
    expect(await env.direct.command(["GET", "mixed:leader"])).toBe(upstash.instanceId);
    await upstash.stop();
  });
});
