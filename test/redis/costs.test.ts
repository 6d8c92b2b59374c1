import { describe, expect, it } from "vitest";
import { RedisLocker, type SendCommand } from "../../adapters/redis/index.ts";
import { runBatchCosts } from "../support/batch-costs.ts";
import { KINDS, useRedis } from "./fixture.ts";

const env = useRedis();

/** A real client of `kind`, its raw-command method watched (the adapter detects the same shape). */
async function watched(kind: (typeof KINDS)[number]): Promise<{ client: object; sent: string[][] }> {
  const client = (await env.connect(kind)) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const sent: string[][] = [];
  if (kind === "ioredis") {
    const call = client.call!.bind(client);
    return { sent, client: { call: (...args: string[]) => (sent.push(args), call(...args)) } };
  }
  const sendCommand = client.sendCommand!.bind(client);
  return { sent, client: { sendCommand: (args: string[]) => (sent.push(args), sendCommand(args)) } };
}

for (const kind of KINDS) {
  runBatchCosts(`RedisLocker via ${kind}, real redis-server`, {
    newInstance: async () => {
      const { client, sent } = await watched(kind);
      return { locker: new RedisLocker({ client: client as never }), sent: () => sent };
    },
    del: async (key) => {
      await env.direct.command(["DEL", key]);
    },
  });
}

describe("RedisLocker.lockMany: idempotent batches", () => {
  it("a batch sent twice (the first answer lost, the client resent it) recognises its own tokens: every key still won", async () => {
    const client = await env.connect("node-redis");
    const twice: SendCommand = async (args) => {
      await (client as { sendCommand(a: string[]): Promise<unknown> }).sendCommand(args);
      return (client as { sendCommand(a: string[]): Promise<unknown> }).sendCommand(args);
    };
    const keys = ["resent-a@1", "resent-b@1", "resent-c@1"];
    await env.direct.command(["SET", "isocron:lock:resent-b@1", "other:isocron-0123456789abcdef0123456789abcdef"]);
    const locks = await new RedisLocker({ send: twice }).lockMany(keys, { ttlMs: 5_000, holder: "node-a" });
    expect(locks.map((lock) => lock !== null)).toEqual([true, false, true]);
    const values = await Promise.all(keys.map((key) => env.direct.command(["GET", `isocron:lock:${key}`])));
    expect(values.map((v) => String(v).split(":")[0])).toEqual(["node-a", "other", "node-a"]);
  });

  it("an empty batch sends nothing; a batch of one is the same single ACQUIRE as lock()", async () => {
    const sent: string[][] = [];
    const send: SendCommand = (args) => (sent.push(args), env.direct.command(args));
    const locker = new RedisLocker({ send });
    expect(await locker.lockMany([], { ttlMs: 5_000 })).toEqual([]);
    expect(sent).toEqual([]);
    const [lock] = await locker.lockMany(["single@1"], { ttlMs: 5_000 });
    expect(lock).not.toBeNull();
    expect(sent.map((c) => [c[0], c[1]?.split("\n")[0], c[2], c[3]])).toEqual([["EVAL", 'local held = redis.call("GET", KEYS[1])', "1", "isocron:lock:single@1"]]);
  });
});
