// The RPC transport's timeouts and aborts, with stand-in namespace bindings: a stub that never
// answers cannot be built in workerd on purpose, but its contract is the same.
import { describe, expect, test } from "vitest";
import { DurableObjectElector, DurableObjectLocker } from "../../adapters/cloudflare/index.ts";
import type { LeaseNamespace, LeaseStub } from "../../adapters/cloudflare/index.ts";
import { MAX_TTL_MS } from "../../adapters/cloudflare/lease-args.ts";
import { SchedulerError } from "../../src/errors.ts";
import { FakeClock } from "../../src/fake-clock.ts";

const START = Date.UTC(2026, 0, 1);

/** A namespace whose stubs answer with `answer()` and count the calls. */
function namespace(answer: (op: string, args: unknown[]) => Promise<unknown>): LeaseNamespace & { calls: string[] } {
  const calls: string[] = [];
  const stub = Object.fromEntries(["acquire", "renew", "release"].map((op) => [op, (...args: unknown[]) => {
    calls.push(op);
    return answer(op, args);
  }])) as unknown as LeaseStub;
  return { calls, getByName: () => stub };
}

const never = (): Promise<never> => new Promise<never>(() => undefined);
const caught = (promise: Promise<unknown>): Promise<unknown> => promise.catch((e: unknown) => e);

describe("DurableObjectElector and DurableObjectLocker over RPC", () => {
  test("a stub call with no answer fails after timeoutMs, and the next call asks again", async () => {
    let hang = true;
    const ns = namespace(async (_op, args) => (hang ? never() : { held: true, remainingMs: args[2], fence: 1 }));
    const clock = new FakeClock(START);
    const elector = new DurableObjectElector({ namespace: ns, name: "rpc", ttlMs: 9_000, clock });
    const asked = caught(elector.isLeader());
    await clock.advance(3_000);
    const error = (await asked) as SchedulerError;
    expect(error).toBeInstanceOf(SchedulerError);
    expect(error.message).toBe('[isocron] ElectorFailed: acquire of lease "rpc" failed: no answer within 3000 ms');
    hang = false;
    expect(await elector.isLeader()).toBe(true);
    expect(ns.calls).toEqual(["acquire", "acquire"]);
  });

  test("stop() against a stub that never answers settles within timeoutMs", async () => {
    const ns = namespace(() => never());
    const clock = new FakeClock(START);
    const elector = new DurableObjectElector({ namespace: ns, name: "rpc", ttlMs: 9_000, timeoutMs: 500, clock });
    const asked = elector.isLeader();
    const stopping = caught(elector.stop());
    expect(await asked).toBe(false);
    await clock.advance(500);
    expect(((await stopping) as SchedulerError).message).toBe('[isocron] ElectorFailed: release of lease "rpc" failed: no answer within 500 ms');
    expect(ns.calls).toEqual(["acquire", "release"]);
  });

  test("the lease object's own error, carried over RPC, is shown; other errors are not", async () => {
    let thrown: unknown = new Error("SchedulerError: [isocron] LeaseRequestInvalid: ttlMs must be a number of ms in (0, 2073600000], got 5e+99");
    const locker = new DurableObjectLocker({ namespace: namespace(async () => { throw thrown; }) });
    const first = (await caught(locker.lock("job@1", { ttlMs: 1_000 }))) as SchedulerError;
    expect(first.message).toBe('[isocron] LockerFailed: acquire of lease "job@1" failed: LeaseRequestInvalid: ttlMs must be a number of ms in (0, 2073600000], got 5e+99');
    thrown = new Error("internal: row 7 of /var/secret/db");
    const second = (await caught(locker.lock("job@1", { ttlMs: 1_000 }))) as SchedulerError;
    expect(second.message).toBe('[isocron] LockerFailed: acquire of lease "job@1" failed: the lease object threw');
    expect(second.cause).toBe(thrown);
  });

  test("an aborted lock gives up at once with the caller's reason as the cause", async () => {
    const locker = new DurableObjectLocker({ namespace: namespace(() => never()) });
    const controller = new AbortController();
    const pending = caught(locker.lock("job@2", { ttlMs: 60_000, signal: controller.signal }));
    const reason = new SchedulerError("SchedulerShutdown", "the scheduler is shutting down");
    controller.abort(reason);
    const error = (await pending) as SchedulerError;
    expect(error.message).toBe('[isocron] LockerFailed: acquire of lease "job@2" failed: aborted');
    expect(error.cause).toBe(reason);
  });

  test("the longest TTL and timeout arm timers setTimeout honours (a longer one would fire after 1 ms)", async () => {
    const ns = namespace(async (op) => (op === "release" ? true : never()));
    const elector = new DurableObjectElector({ namespace: ns, name: "rpc", ttlMs: MAX_TTL_MS, marginMs: 1, timeoutMs: MAX_TTL_MS - 1 });
    const locker = new DurableObjectLocker({ namespace: ns, timeoutMs: MAX_TTL_MS });
    let settled = 0;
    void elector.isLeader().finally(() => settled++);
    const abort = new AbortController();
    const locking = locker.lock("job@3", { ttlMs: MAX_TTL_MS, signal: abort.signal }).catch(() => undefined).finally(() => settled++);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(0);
    // Both end now, clearing their timers.
    await elector.stop();
    abort.abort();
    await locking;
    expect(settled).toBe(2);
  });
});
