import { beforeEach, describe, expect, it } from "vitest";
import { callKv } from "../../adapters/deno-kv/call.ts";
import { LeaseElector, type LeaseAsk, type LeaseFound } from "../../adapters/shared/lease-elector.ts";
import { SchedulerError } from "../../src/errors.ts";
import { FakeClock } from "../../src/fake-clock.ts";

// The lease state machine on its own, with a scripted store: each renewal takes the next
// scripted answer (a LeaseFound, an error, or "hang" until its deadline or the stop).
type Script = LeaseFound | Error | "hang";

class ScriptedAsk implements LeaseAsk {
  readonly call = callKv;
  readonly sent: [op: "renew" | "release", at: number][] = [];
  readonly script: Script[] = [];

  constructor(readonly clock: FakeClock) {}

  renew(timeoutMs: number, signal: AbortSignal): Promise<LeaseFound> {
    this.sent.push(["renew", this.clock.now()]);
    const next = this.script.shift() ?? "taken";
    return callKv(() => (next === "hang" ? new Promise<never>(() => undefined) : next instanceof Error ? Promise.reject(next) : Promise.resolve(next)), {
      code: "ElectorFailed", what: "test could not renew", clock: this.clock, timeoutMs, signal,
    });
  }

  release(): Promise<void> {
    this.sent.push(["release", this.clock.now()]);
    return Promise.resolve();
  }
}

// ttl 3000, check 1000, margin 600: trusted for 2400 ms, renewed from 1000, quiet 500 ms after a failure.
let clock: FakeClock;
let ask: ScriptedAsk;
let elector: LeaseElector;
beforeEach(() => {
  clock = new FakeClock(0);
  ask = new ScriptedAsk(clock);
  elector = new LeaseElector("TestElector", "a", { ttlMs: 3_000, checkMs: 1_000, marginMs: 600, timeoutMs: 5_000, clock }, ask);
});
const outcome = (p: Promise<boolean>) => p.then(String, (e: unknown) => (e instanceof SchedulerError ? e.message : "other"));
/** Whether the elector leads at each instant, in order. */
async function leadsAt(...instants: number[]): Promise<string[]> {
  const answers: string[] = [];
  for (const at of instants) {
    await clock.set(at);
    answers.push(`${at}: ${await elector.isLeader()}`);
  }
  return answers;
}

describe("LeaseElector: what a renewal found", () => {
  it("taken: leads at once; renewals go out in the background from a third of the lease, one at a time", async () => {
    expect(await leadsAt(0, 999, 1_000, 1_500, 2_000)).toEqual(["0: true", "999: true", "1000: true", "1500: true", "2000: true"]);
    expect(ask.sent).toEqual([["renew", 0], ["renew", 1_000], ["renew", 2_000]]);
  });

  it("theirs: a follower trusts its 'no' for checkMs from when it asked", async () => {
    ask.script.push("theirs", "theirs", "taken");
    expect(await leadsAt(0, 999, 1_000, 1_999, 2_000)).toEqual(["0: false", "999: false", "1000: false", "1999: false", "2000: true"]);
    expect(ask.sent).toEqual([["renew", 0], ["renew", 1_000], ["renew", 2_000]]);
  });

  it("revived (the store lost the lease): held, but not leading until one ttl after the answer", async () => {
    ask.script.push("revived", "kept", "kept", "kept");
    expect(await leadsAt(0, 1_000, 2_999, 3_000)).toEqual(["0: false", "1000: false", "2999: false", "3000: true"]);
    expect(ask.sent).toEqual([["renew", 0], ["renew", 1_000], ["renew", 2_999]]);
  });

  it("revived while leading: keeps leading (no older lease can be trusted but its own)", async () => {
    ask.script.push("taken", "revived");
    expect(await leadsAt(0, 1_000, 1_001, 2_000)).toEqual(["0: true", "1000: true", "1001: true", "2000: true"]);
  });

  it("kept, for a lease this instance did not know it held: waits one ttl; kept for a known lease: no wait", async () => {
    ask.script.push("kept", "kept");
    expect(await leadsAt(0, 1_000, 2_999, 3_000)).toEqual(["0: false", "1000: false", "2999: false", "3000: true"]);
  });
});

describe("LeaseElector: failures and waits", () => {
  it("a hung background renewal: 'yes' from cache until ttl - margin, then callers wait for it; it fails min(timeoutMs, ttl - margin) after its send", async () => {
    ask.script.push("taken", "hang");
    expect(await leadsAt(0, 1_000, 2_399)).toEqual(["0: true", "1000: true", "2399: true"]);
    await clock.set(2_400);
    const waiting = outcome(elector.isLeader());
    await clock.set(3_399);
    expect(ask.sent).toEqual([["renew", 0], ["renew", 1_000]]);
    await clock.set(3_400);
    expect(await waiting).toBe("[isocron] ElectorFailed: test could not renew: no answer within 2400 ms");
    expect(await elector.isLeader()).toBe(true); // the quiet period (500 ms from the send) is long over
    expect(ask.sent).toEqual([["renew", 0], ["renew", 1_000], ["renew", 3_400]]);
  });

  it("an outage: callers within min(checkMs, ttl / 6) of a failed send get that same error, with no request", async () => {
    const down = new SchedulerError("ElectorFailed", "down");
    ask.script.push(down, down);
    const first = await elector.isLeader().catch((e: unknown) => e);
    expect(first).toBe(down);
    await clock.set(499);
    expect(await elector.isLeader().catch((e: unknown) => e)).toBe(down);
    expect(ask.sent).toEqual([["renew", 0]]);
    await clock.set(500);
    expect(await elector.isLeader().catch((e: unknown) => e)).toBe(down);
    await clock.set(1_000);
    expect(await elector.isLeader()).toBe(true);
    expect(ask.sent).toEqual([["renew", 0], ["renew", 500], ["renew", 1_000]]);
  });

  it("a caller's abort ends its own wait only: the shared request goes on and answers the others", async () => {
    ask.script.push("hang");
    const controller = new AbortController();
    const mine = outcome(elector.isLeader(controller.signal));
    const other = outcome(elector.isLeader());
    controller.abort(new Error("job removed"));
    expect(await mine).toBe("[isocron] ElectorFailed: TestElector gave up asking: aborted");
    await clock.set(2_400);
    expect(await other).toBe("[isocron] ElectorFailed: test could not renew: no answer within 2400 ms");
    expect(ask.sent).toEqual([["renew", 0]]);
  });
});

describe("LeaseElector: stop()", () => {
  it("a follower that never held the lease releases nothing; a stopped elector never asks again", async () => {
    ask.script.push("theirs");
    expect(await elector.isLeader()).toBe(false);
    await elector.stop();
    await clock.set(5_000);
    expect(await elector.isLeader()).toBe(false);
    expect(ask.sent).toEqual([["renew", 0]]);
  });

  it("a leader releases once, however often stop() is called", async () => {
    expect(await elector.isLeader()).toBe(true);
    await Promise.all([elector.stop(), elector.stop(), elector[Symbol.asyncDispose]()]);
    expect(await elector.isLeader()).toBe(false);
    expect(ask.sent).toEqual([["renew", 0], ["release", 0]]);
  });

  it("a renewal cut off by stop() may have taken the lease: it is released too, and its waiting caller gets the stop", async () => {
    ask.script.push("hang");
    const waiting = outcome(elector.isLeader());
    await clock.set(100);
    await elector.stop();
    expect(await waiting).toBe("[isocron] ElectorFailed: TestElector stopped");
    expect(ask.sent).toEqual([["renew", 0], ["release", 100]]);
  });
});
