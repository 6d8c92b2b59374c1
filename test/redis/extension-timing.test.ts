import { describe, expect, it } from "vitest";
import { RedisLocker, type SendCommand } from "../../adapters/redis/index.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { useRedis } from "./fixture.ts";

/*
 * The batched extension's timing, exactly: the locker's timer runs on a FakeClock while a real
 * redis-server executes the scripts (its own TTLs, tens of seconds here, never run out).
 */
const env = useRedis();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function harness() {
  const clock = new FakeClock(0);
  const log: string[] = [];
  let pending = 0;
  let fail = false;
  const send: SendCommand = async (args) => {
    log.push(`${args[0]}@${clock.now()}:${args[2]}`);
    pending += 1;
    try {
      if (fail) throw new Error("connection lost");
      return await env.direct.command(args);
    } finally {
      pending -= 1;
    }
  };
  const locker = new RedisLocker({ send, clock });
  /**
   * Advances the clock to `ms`, then waits (real time, bounded) until `sends` commands went out
   * and every answer came back: a tick hashes its script before sending, off the clock.
   */
  const at = async (ms: number, sends = 0) => {
    const before = log.length;
    await clock.advance(ms - clock.now());
    for (let i = 0; i < 600 && (log.length < before + sends || pending > 0); i += 1) await sleep(5);
    await sleep(5);
  };
  return { clock, log, locker, at, setFail: (on: boolean) => void (fail = on) };
}

describe("RedisLocker: one extension timer per locker (FakeClock, real Redis)", () => {
  it("locks taken at different times share one script per tick, due a third of the TTL after the first; unlock drops a key; the last unlock stops the timer", async () => {
    const { log, locker, at } = harness();
    const a = await locker.lock(`timing-a-${Date.now()}@1`, { ttlMs: 30_000 });
    await at(5_000);
    const b = await locker.lock(`timing-b-${Date.now()}@1`, { ttlMs: 30_000 });
    await at(10_000, 1); // a's first extension is due: b rides along
    await at(20_000, 1);
    await a?.unlock();
    await at(30_000, 1); // b alone: the single-key script
    await b?.unlock();
    await at(60_000);
    // the takes (EVAL), then the extensions (the first may meet NOSCRIPT and repeat as EVAL at once)
    expect(log.slice(0, 2)).toEqual(["EVAL@0:1", "EVAL@5000:1"]);
    expect(log.filter((line) => line.startsWith("EVALSHA"))).toEqual(["EVALSHA@10000:2", "EVALSHA@20000:2", "EVALSHA@30000:1"]);
  });

  it("a shorter TTL pulls the next tick earlier; a failed tick is retried a period later with every key", async () => {
    const { log, locker, at, setFail } = harness();
    const long = await locker.lock(`timing-long-${Date.now()}@1`, { ttlMs: 30_000 });
    await at(1_000);
    const short = await locker.lock(`timing-short-${Date.now()}@1`, { ttlMs: 6_000 }); // due at 3000, before 10000
    await at(3_000, 1);
    setFail(true);
    await at(5_000, 1); // the tick at 5000 fails
    setFail(false);
    await at(7_000, 1); // retried at 7000
    await Promise.all([long?.unlock(), short?.unlock()]);
    await at(20_000);
    expect(log.filter((line) => line.startsWith("EVALSHA"))).toEqual(["EVALSHA@3000:2", "EVALSHA@5000:2", "EVALSHA@7000:2"]);
  });
});
