/*
 * isocron/redis on Bun's built-in RedisClient, in real Bun (`bun test` maps the `vitest`
 * imports of the shared suites to bun:test): the locker and elector contracts and the batch
 * costs, against a real redis-server. Run by tools/test-all.mjs (suite "bun-redis"):
 *   node_modules/.bin/bun test ./test/redis/bun/bun-client.bun-test.ts
 * Not a *.test.ts file, so vitest never picks it up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisElector, RedisLocker, type BunRedisClient } from "../../../adapters/redis/index.ts";
import { runElectorContract } from "../../contracts/elector.contract.ts";
import { runLockerContract } from "../../contracts/locker.contract.ts";
import { runBatchCosts } from "../../support/batch-costs.ts";
import { redisForFile } from "../../support/redis-server.ts";
import { startTcpGate } from "../../support/tcp-gate.ts";

interface BunClient extends BunRedisClient {
  connect(): Promise<void>;
  close(): void;
}
const { RedisClient } = (globalThis as unknown as { Bun: { RedisClient: new (url: string) => BunClient } }).Bun;

const server = redisForFile();
beforeAll(server.start);
afterAll(server.stop);
const redis = () => server.direct;

async function connect(port = server.port): Promise<BunClient> {
  const client = new RedisClient(`redis://127.0.0.1:${port}`);
  await client.connect();
  server.closeLater(() => client.close());
  return client;
}

describe("Bun's RedisClient is detected by its shape", () => {
  it("is a Bun RedisClient with send(command, args), and a lock round-trips through it", async () => {
    const client = await connect();
    expect(Object.prototype.toString.call(client)).toBe("[object RedisClient]");
    const lock = await new RedisLocker({ client }).lock("bun-shape@1", { ttlMs: 5_000, holder: "bun" });
    expect(lock).not.toBeNull();
    expect(String(await redis().command(["GET", "isocron:lock:bun-shape@1"]))).toMatch(/^bun:isocron-[0-9a-f]{32}$/);
  });

  it("falls back from EVALSHA to EVAL on the server's NOSCRIPT, as Bun reports it", async () => {
    await redis().command(["SCRIPT", "FLUSH"]);
    const client = await connect();
    const sent: string[] = [];
    const watched = { send: (command: string, args: string[]) => (sent.push(command), client.send(command, args)) };
    await redis().command(["SET", "bun-nos:seen", "1"]);
    const elector = new RedisElector({ client: watched, key: "bun-nos", ttlMs: 3_000 });
    expect(await elector.isLeader()).toBe(true);
    await elector.stop();
    expect(sent).toEqual(["EVALSHA", "EVAL", "EVALSHA", "EVAL"]);
  });
});

runLockerContract("Redis over TCP via Bun's RedisClient, real redis-server, in Bun", {
  ttlMs: 1_500,
  lockMany: true, // the batch cases of the contract (issue 13)
  newLocker: async () => new RedisLocker({ client: await connect() }),
  drop: async (key) => {
    await redis().command(["DEL", `isocron:lock:${key}`]);
  },
});

runElectorContract("Redis over TCP via Bun's RedisClient, real redis-server, in Bun", {
  ttlMs: 2_000,
  checkMs: 500,
  newElector: async (key) => {
    await redis().command(["SET", `${key}:seen`, "1"]);
    const gate = await startTcpGate(server.port);
    server.closeLater(() => gate.stop());
    const client = await connect(gate.port);
    return { elector: new RedisElector({ client, key, ttlMs: 2_000, checkMs: 500, timeoutMs: 500 }), setReachable: (up) => gate.setOpen(up) };
  },
});

runBatchCosts("RedisLocker via Bun's RedisClient, in Bun", {
  newInstance: async () => {
    const client = await connect();
    const sent: string[][] = [];
    const watched = { send: (command: string, args: string[]) => (sent.push([command, ...args]), client.send(command, args)) };
    return { locker: new RedisLocker({ client: watched }), sent: () => sent };
  },
  del: async (key) => {
    await redis().command(["DEL", key]);
  },
});
