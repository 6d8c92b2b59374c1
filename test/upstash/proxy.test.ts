import { describe, expect, it } from "vitest";
import { Redis } from "@upstash/redis";
import { useRedisProxy } from "./fixture.ts";

const redisProxy = useRedisProxy();

describe("the Upstash REST proxy, driven by the unmodified @upstash/redis client", () => {
  it("sets and gets through auto-pipelining, base64 encoding and JSON deserialization", async () => {
    const { token, redis } = redisProxy.proxy.newClient();
    expect(await redis.set("proxy:a", "héllo wörld", { px: 5000 })).toBe("OK");
    expect(await redis.get("proxy:a")).toBe("héllo wörld");
    expect(await redis.set("proxy:n", 42)).toBe("OK");
    expect(await redis.get("proxy:n")).toBe(42);
    expect(await redis.incr("proxy:count")).toBe(1);
    expect(await redis.get("proxy:missing")).toBeNull();
    expect(redisProxy.proxy.commandsOf(token)).toEqual([
      ["set", "proxy:a", "héllo wörld", "px", "5000"],
      ["get", "proxy:a"],
      ["set", "proxy:n", "42"],
      ["get", "proxy:n"],
      ["incr", "proxy:count"],
      ["get", "proxy:missing"],
    ]);
  });

  it("batches concurrent commands into one /pipeline request and keeps their order", async () => {
    const { redis } = redisProxy.proxy.newClient();
    // Writes share one batch (reads go in another batch of their own, by the client's design).
    const results = await Promise.all([redis.set("proxy:p1", "x"), redis.append("proxy:p1", "y"), redis.del("proxy:p1")]);
    expect(results).toEqual(["OK", 2, 1]);
    expect((redis as unknown as { pipelineCounter: number }).pipelineCounter).toBe(1);
  });

  it("runs an explicit pipeline and a transaction (/multi-exec) with nested arrays", async () => {
    const { redis } = redisProxy.proxy.newClient();
    const p = redis.pipeline();
    p.rpush("proxy:list", "a", "b");
    p.lrange("proxy:list", 0, -1);
    expect(await p.exec()).toEqual([2, ["a", "b"]]);
    const tx = redis.multi();
    tx.set("proxy:t", "v");
    tx.get("proxy:t");
    expect(await tx.exec()).toEqual(["OK", "v"]);
  });

  it("passes Redis errors through, for single commands and pipelines", async () => {
    const plain = new Redis({ url: redisProxy.proxy.url, token: redisProxy.proxy.newClient().token, enableAutoPipelining: false, enableTelemetry: false });
    await plain.set("proxy:str", "text");
    await expect(plain.incr("proxy:str")).rejects.toThrow(/ERR value is not an integer/);
    const { redis } = redisProxy.proxy.newClient();
    await expect(redis.incr("proxy:str")).rejects.toThrow(/ERR value is not an integer/);
    const response = await fetch(redisProxy.proxy.url, {
      method: "POST",
      headers: { authorization: `Bearer ${redisProxy.proxy.newClient().token}` },
      body: JSON.stringify(["INCR", "proxy:str"]),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "ERR value is not an integer or out of range" });
  });

  it("answers EVALSHA of an unknown script with NOSCRIPT, so scripts fall back to EVAL", async () => {
    const { token, redis } = redisProxy.proxy.newClient();
    const script = redis.createScript<number>(`return tonumber(ARGV[1]) + ${Date.now() % 1000}`);
    const first = await script.exec([], ["1"]);
    expect(await script.exec([], ["1"])).toBe(first);
    expect(redisProxy.proxy.commandsOf(token).map((cmd) => cmd[0])).toEqual(["evalsha", "eval", "evalsha"]);
  });

  it("rejects a wrong token with HTTP 401", async () => {
    const response = await fetch(`${redisProxy.proxy.url}/pipeline`, {
      method: "POST",
      headers: { authorization: "Bearer nope" },
      body: JSON.stringify([["PING"]]),
    });
    expect(response.status).toBe(401);
    const wrong = new Redis({ url: redisProxy.proxy.url, token: "nope", enableTelemetry: false });
    await expect(wrong.get("proxy:a")).rejects.toThrow(/Unauthorized/);
  });

  it("encodes nested strings in base64 only when asked", async () => {
    const { token } = redisProxy.proxy.newClient();
    const call = (encoding?: string) =>
      fetch(`${redisProxy.proxy.url}/pipeline`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, ...(encoding ? { "upstash-encoding": encoding } : {}) },
        body: JSON.stringify([["RPUSH", "proxy:enc", "é", 7], ["LRANGE", "proxy:enc", 0, -1], ["GET", "proxy:none"]]),
      }).then((r) => r.json());
    expect(await call("base64")).toEqual([{ result: 2 }, { result: ["w6k=", "Nw=="] }, { result: null }]);
    expect(await call()).toEqual([{ result: 4 }, { result: ["é", "7", "é", "7"] }, { result: null }]);
  });
});
