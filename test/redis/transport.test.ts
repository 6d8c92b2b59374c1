import { describe, expect, it, vi } from "vitest";
import { RedisElector, RedisLocker, type SendCommand } from "../../adapters/redis/index.ts";
import { SchedulerError } from "../../src/errors.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { KINDS, useRedis } from "./fixture.ts";

const env = useRedis();
const never = new Promise<never>(() => undefined);
const failure = (pending: Promise<unknown>) => pending.then((value) => `resolved ${String(value)}`, (e: SchedulerError) => e.message);
const code = (pending: Promise<unknown>) => pending.then((value) => `resolved ${String(value)}`, (e: SchedulerError) => e.code);

describe("isocron/redis transport: what each client sends and what counts as an answer", () => {
  for (const kind of KINDS) {
    it(`${kind}: scripts go as EVALSHA and fall back to EVAL once on NOSCRIPT (the server's error, through the client)`, async () => {
      await env.direct.command(["SCRIPT", "FLUSH"]);
      const client = (await env.connect(kind)) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const sent: string[] = [];
      // The client's own method, watched: the adapter detects the same shape.
      const method = kind === "ioredis" ? "call" : "sendCommand";
      const original = client[method]?.bind(client);
      const watched = { [method]: (...args: unknown[]) => (sent.push(String(kind === "ioredis" ? args[0] : (args[0] as string[])[0])), original?.(...args)) };
      await env.direct.command(["SET", `nos-${kind}:seen`, "1"]);
      const elector = new RedisElector({ client: watched as never, key: `nos-${kind}`, ttlMs: 3_000 });
      expect(await elector.isLeader()).toBe(true);
      await elector.stop();
      expect(sent).toEqual(["EVALSHA", "EVAL", "EVALSHA", "EVAL"]); // renew, then release: each met NOSCRIPT once
      const again = new RedisElector({ client: watched as never, key: `nos-${kind}`, ttlMs: 3_000 });
      await again.isLeader();
      expect(sent.slice(4)).toEqual(["EVALSHA"]); // the server knows the script now
      await again.stop();
    });
  }

  it("send: any client through a raw-command function (here a plain RESP connection)", async () => {
    const send: SendCommand = (args) => env.direct.command(args);
    const [a, b] = [new RedisLocker({ send }), new RedisLocker({ send })];
    const locks = await Promise.all([a.lock("send@1", { ttlMs: 5_000, holder: "node-a" }), b.lock("send@1", { ttlMs: 5_000 })]);
    expect(locks.filter((lock) => lock !== null)).toHaveLength(1);
    expect(String(await env.direct.command(["GET", "isocron:lock:send@1"]))).toMatch(/^(node-a:)?isocron-[0-9a-f]{32}$/);
  });

  it("a reply as bytes (a client set to return buffers) is read as text", async () => {
    const send: SendCommand = async (args) => {
      const reply = await env.direct.command(args);
      return typeof reply === "string" ? new TextEncoder().encode(reply) : reply;
    };
    expect(await new RedisLocker({ send }).lock("bytes@1", { ttlMs: 5_000 })).not.toBeNull();
  });

  it("only the exact expected replies count: anything else is LockerFailed / ElectorFailed", async () => {
    const seen: string[] = [];
    // (1 would be a valid renewal reply, "still yours", and [1] a valid batch of one: see below)
    for (const garbage of [undefined, null, "OK", "1", [], [1, 1], "isocron-00000000000000000000000000000000", new Error("ERR wrong")]) {
      const send: SendCommand = async () => {
        if (garbage instanceof Error) throw garbage;
        return garbage;
      };
      const one = await code(new RedisLocker({ send }).lock("garbled@1", { ttlMs: 5_000 }));
      const many = await code(new RedisLocker({ send }).lockMany(["g@1", "g@2", "g@3"], { ttlMs: 5_000 }));
      const leader = await code(new RedisElector({ send }).isLeader());
      seen.push([one, many, leader].join(","));
    }
    expect(seen).toEqual(Array(8).fill("LockerFailed,LockerFailed,ElectorFailed"));
    expect(await code(new RedisLocker({ send: async () => 1 }).lock("garbled@2", { ttlMs: 5_000 }))).toBe("LockerFailed");
    const wrongLength: SendCommand = async () => [1];
    expect(await failure(new RedisLocker({ send: wrongLength }).lockMany(["w@1", "w@2"], { ttlMs: 5_000 }))).toBe(
      '[isocron] LockerFailed: RedisLocker could not take 2 locks ("isocron:lock:w@1", ...): unexpected reply (an array of 1)',
    );
    for (const reply of [[1, 2], [1, "1"], [1, null], "11"]) {
      expect(await failure(new RedisLocker({ send: async () => reply }).lockMany(["w@1", "w@2"], { ttlMs: 5_000 }))).toMatch(/^\[isocron\] LockerFailed: .*unexpected reply/);
    }
  });

  it("no answer: the call is abandoned at timeoutMs (a TCP client cannot take a written command back)", async () => {
    const clock = new FakeClock(0);
    const send: SendCommand = () => never;
    const locker = new RedisLocker({ send, clock, timeoutMs: 200 });
    const pending = failure(locker.lock("slow@1", { ttlMs: 5_000 }));
    const batch = failure(locker.lockMany(["slow@2", "slow@3"], { ttlMs: 150 }));
    const elector = failure(new RedisElector({ send, clock, timeoutMs: 300 }).isLeader());
    await clock.advance(300);
    expect(await batch).toBe('[isocron] LockerFailed: RedisLocker could not take 2 locks ("isocron:lock:slow@2", ...): no answer within 150 ms');
    expect(await pending).toBe('[isocron] LockerFailed: RedisLocker could not take lock "isocron:lock:slow@1": no answer within 200 ms');
    expect(await elector).toBe('[isocron] ElectorFailed: RedisElector could not renew lease "isocron:leader": no answer within 300 ms');
  });

  it("an abandoned call stays abandoned: a NOSCRIPT that arrives after the timeout sends no EVAL", async () => {
    const clock = new FakeClock(0);
    const sent: string[] = [];
    let answer: (error: Error) => void = () => undefined;
    const send: SendCommand = (args) => {
      sent.push(args[0] as string);
      return new Promise((_, reject) => (answer = reject));
    };
    const pending = failure(new RedisElector({ send, clock, timeoutMs: 100 }).isLeader());
    // The script's SHA-1 comes from crypto.subtle, off the fake clock: the EVALSHA goes out
    // once it is ready, which on a busy machine can be after a first look.
    await vi.waitFor(() => expect(sent).toEqual(["EVALSHA"]));
    await clock.advance(100);
    expect(await pending).toMatch(/no answer within 100 ms$/);
    answer(new Error("NOSCRIPT No matching script. Please use EVAL."));
    await clock.flush();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toEqual(["EVALSHA"]);
  });

  it("errors never show a redis:// password or a lock token", async () => {
    let token = "";
    const send: SendCommand = async (args) => {
      token = String(args[4]);
      throw new Error(`connect ECONNREFUSED redis://default:s3cret-pass@db.internal:6379 while sending ${args.join(" ")}`);
    };
    const message = await failure(new RedisLocker({ send }).lock("secret@1", { ttlMs: 5_000, holder: "node-a" }));
    expect(token).toMatch(/^node-a:isocron-[0-9a-f]{32}$/);
    expect(message).toContain("LockerFailed: RedisLocker could not take lock");
    expect(message).toContain("redis://***@db.internal:6379");
    expect(message).not.toContain("s3cret");
    expect(message).not.toContain(token.slice("node-a:".length));
  });
});
