import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "@upstash/redis";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";
import { freePort, startRedisServer, type RedisServer } from "../support/redis-server.ts";

// `npx isocron-upstash-dev` as a user runs it: a subprocess in front of a real redis-server.
const BIN = fileURLToPath(new URL("../../bin/isocron-upstash-dev.mjs", import.meta.url));
let redisServer: RedisServer;
const children: ChildProcess[] = [];
beforeAll(async () => {
  redisServer = await startRedisServer();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await redisServer?.stop();
});

/** Starts the command; resolves with its printed URL and token once it listens. */
function run(args: string[]): Promise<{ child: ChildProcess; url: string; token: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /UPSTASH_REDIS_REST_URL=(\S+)/.exec(output)?.[1];
      const token = /UPSTASH_REDIS_REST_TOKEN=(\S+)/.exec(output)?.[1];
      if (url && token) resolve({ child, url, token, output: () => output });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

function exitOf(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (c: Buffer) => void (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => void (output += c.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

describe("isocron-upstash-dev (the command)", () => {
  it("serves the REST API for @upstash/redis: SET, GET, EVAL, pipelines; 401 on a wrong token", async () => {
    const port = await freePort();
    const { child, url, token } = await run(["--port", String(port), "--redis", `redis://127.0.0.1:${redisServer.port}`, "--token", "dev-token-1"]);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(token).toBe("dev-token-1");
    const redis = new Redis({ url, token, enableTelemetry: false });
    expect(await redis.set("dev:a", "héllo", { px: 5_000 })).toBe("OK");
    expect(await redis.get("dev:a")).toBe("héllo");
    expect(await redis.eval("return ARGV[1] .. KEYS[1]", ["k"], ["v"])).toBe("vk");
    const p = redis.pipeline();
    p.incr("dev:n");
    p.incr("dev:n");
    expect(await p.exec()).toEqual([1, 2]);
    const wrong = await fetch(url, { method: "POST", headers: { authorization: "Bearer nope" }, body: '["PING"]' });
    expect(wrong.status).toBe(401);
    await expect(new Redis({ url, token: "nope", enableTelemetry: false }).get("dev:a")).rejects.toThrow(/Unauthorized/);
    // isocron's own adapters, with url and token (http is fine on loopback)
    const locker = new UpstashLocker({ url, token });
    expect(await locker.lock("dev@1", { ttlMs: 5_000 })).not.toBeNull();
    expect(await locker.lock("dev@1", { ttlMs: 5_000 })).toBeNull();
    child.kill("SIGTERM");
  });

  it("prints a random token when none is given, and survives a Redis restart", async () => {
    const { child, url, token } = await run(["--port", "0", "--redis", `redis://127.0.0.1:${redisServer.port}`]);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const redis = new Redis({ url, token, enableTelemetry: false, retry: false });
    await redis.set("dev:b", "1");
    await redisServer.restart();
    expect(await redis.get("dev:b")).toBeNull(); // a fresh Redis, reached again
    const elector = new UpstashElector({ url, token, key: "dev:leader", ttlMs: 300, checkMs: 100 });
    expect(await elector.isLeader()).toBe(false); // a Redis that never held this lease: wait one ttl
    await new Promise((resolve) => setTimeout(resolve, 320));
    expect(await elector.isLeader()).toBe(true);
    await elector.stop();
    child.kill("SIGTERM");
  });

  it("refuses a non-loopback bind unless --allow-remote, and unknown options", async () => {
    const remote = await exitOf(["--host", "0.0.0.0", "--port", "0"]);
    expect(remote.code).toBe(1);
    expect(remote.output).toMatch(/refusing to listen on 0.0.0.0.*--allow-remote/);
    const unknown = await exitOf(["--prot", "1"]);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/unknown option --prot/);
  });
});
