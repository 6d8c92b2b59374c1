import { describe, expect, it } from "vitest";
import { RedisElector, RedisLocker } from "../../adapters/redis/index.ts";
import { codeAndMessage } from "../support/thrown.ts";

// Never contacted: construction validates options only.
const send = async (): Promise<unknown> => 0;
const nodeRedis = { sendCommand: send };
const ioredis = { call: send, sendCommand: () => undefined };
const bun = { send: async (_command: string, _args: string[]) => 0 };

describe("RedisLocker and RedisElector options", () => {
  it("accept every client shape, a send function, and every documented option", () => {
    for (const client of [nodeRedis, ioredis, bun]) {
      expect(() => new RedisLocker({ client })).not.toThrow();
      expect(() => new RedisElector({ client })).not.toThrow();
    }
    expect(() => new RedisLocker({ send, prefix: "{isocron}:lock:", ttlMs: 3, timeoutMs: 1 })).not.toThrow();
    const elector = new RedisElector({ send, key: "k", ttlMs: 30, instanceId: "a", checkMs: 1, marginMs: 19, timeoutMs: 1 });
    expect([elector.key, elector.instanceId]).toEqual(["k", "a"]);
    expect(new RedisElector({ send }).key).toBe("isocron:leader");
    expect(new RedisElector({ send }).instanceId).toMatch(/^isocron-elector-[0-9a-f]{32}$/);
  });

  it("reject bad options with RedisOptionsInvalid, naming the class and the option", () => {
    const cases: Array<[() => unknown, string]> = [
      [() => new RedisLocker(undefined as never), "RedisLocker needs an options object, got undefined"],
      [() => new RedisLocker({}), "RedisLocker needs client (node-redis, ioredis or Bun's RedisClient) or send"],
      [() => new RedisElector({ client: nodeRedis, send }), "RedisElector takes either client or send, not both"],
      [() => new RedisLocker({ client: { get: send } as never }), "RedisLocker option client must be a node-redis, ioredis or Bun RedisClient (with sendCommand, call or send), got an object"],
      [() => new RedisLocker({ client: "redis://localhost" as never }), 'RedisLocker option client must be a node-redis, ioredis or Bun RedisClient (with sendCommand, call or send), got "redis://localhost"'],
      [() => new RedisLocker({ send: "EVAL" as never }), 'RedisLocker option send must be a function (args: string[]) => Promise<unknown>, got "EVAL"'],
      [() => new RedisLocker({ send, url: "redis://x" } as never), 'RedisLocker has no option "url" (known: client, send, prefix, ttlMs, timeoutMs, clock)'],
      [() => new RedisLocker({ send, ttlMs: 2 }), "RedisLocker option ttlMs must be an integer number of ms from 3 to 2147483647, got 2"],
      [() => new RedisLocker({ send, timeoutMs: 2 ** 31 }), "RedisLocker option timeoutMs must be an integer number of ms from 1 to 2147483647, got 2147483648"],
      [() => new RedisLocker({ send, prefix: 1 as never }), "RedisLocker option prefix must be a string of at most 512 characters, got 1"],
      [() => new RedisLocker({ send, clock: {} as never }), "RedisLocker option clock must have now(), setTimer() and clearTimer(), got an object"],
      [() => new RedisElector({ send, ttlMs: 29 }), "RedisElector option ttlMs must be an integer number of ms from 30 to 2147483647, got 29"],
      [() => new RedisElector({ send, key: "" }), 'RedisElector option key must be a non-empty string of at most 512 characters, got ""'],
      [() => new RedisElector({ send, ttlMs: 30, marginMs: 20 }), "RedisElector option marginMs must be below two thirds of ttlMs (30), got 20"],
      [() => new RedisElector({ send, redis: nodeRedis } as never), 'RedisElector has no option "redis" (known: client, send, key, ttlMs, instanceId, checkMs, marginMs, timeoutMs, clock)'],
    ];
    for (const [make, message] of cases) expect(codeAndMessage(make)).toEqual(["RedisOptionsInvalid", `[isocron] RedisOptionsInvalid: ${message}`]);
  });
});
