import { describe as suite, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import type { JobDefinition } from "../../src/definitions/definition.ts";
import type { Lock, Locker } from "../../src/distributed.ts";
import { SchedulerError } from "../../src/errors.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import type { Job } from "../../src/job.ts";
import type { JobOptions, SchedulerOptions, Task } from "../../src/options.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { MemoryStateStore } from "../../src/state-store.ts";
import { describe, factoryCall } from "./definitions.ts";
import { type Rng, NUMBERS, T0, anyList, anyValue, pick, prng, revokedProxy, throwingGetters, throwingProxy } from "./hostile-values.ts";

/**
 * Throws hostile values at every public entry point: each call must return a correct result or
 * throw (reject with) a SchedulerError carrying a code; never another error, never a hang; and
 * the scheduler must stay healthy. Deterministic: FUZZ_SEED picks another sequence.
 */
const SEED = Number(process.env["FUZZ_SEED"] ?? 20261129);
const MAX_DATE_MS = 8.64e15;

type Outcome<T> = { ok: true; value: T } | { ok: false; code: string };

function fail(where: string, error: unknown): never {
  const shown = error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error);
  throw new Error(`${where} threw ${shown}, not a SchedulerError (seed ${SEED})`);
}

/** Runs a call; a SchedulerError with a code is a valid outcome, anything else fails the test. */
function attempt<T>(where: string, call: () => T): Outcome<T> {
  try {
    return { ok: true, value: call() };
  } catch (error) {
    if (!(error instanceof SchedulerError) || typeof error.code !== "string" || error.code === "") fail(where, error);
    expect(error.message.length, `${where}: message length`).toBeLessThan(2000);
    return { ok: false, code: error.code };
  }
}

/** Like {@link attempt} for a promise, which must settle within 2 s of real time. */
async function attemptAsync<T>(where: string, call: () => Promise<T>): Promise<Outcome<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${where} hung (seed ${SEED})`)), 2000); });
  try {
    return { ok: true, value: await Promise.race([call(), hang]) };
  } catch (error) {
    if (!(error instanceof SchedulerError)) fail(where, error);
    return { ok: false, code: error.code };
  } finally {
    clearTimeout(timer);
  }
}

function validDates(where: string, dates: unknown): void {
  expect(Array.isArray(dates), where).toBe(true);
  let last = -Infinity;
  for (const d of dates as Date[]) {
    expect(d, where).toBeInstanceOf(Date);
    const t = d.getTime();
    expect(Math.abs(t) <= MAX_DATE_MS && t > last, `${where}: ${t} after ${last}`).toBe(true);
    last = t;
  }
}

const noop = (): void => {};
const grantingLocker: Locker = { lock: async (): Promise<Lock> => ({ unlock: async () => {} }) };
const leader = { isLeader: async (): Promise<boolean> => true };

function maybe<T>(rng: Rng, valid: readonly T[]): unknown {
  return rng() < 0.6 ? pick(rng, valid) : anyValue(rng);
}

/** Job options with a random subset of keys, each valid or hostile; `aborted` when its signal is. */
function jobOptions(rng: Rng, ids: readonly string[]): { options: unknown; aborted: boolean } {
  const r = rng();
  if (r < 0.05) return { options: anyValue(rng), aborted: false };
  if (r < 0.08) return { options: throwingGetters(["name", "signal"]), aborted: false };
  if (r < 0.3) return { options: undefined, aborted: false };
  const o: Record<string, unknown> = {};
  let aborted = false;
  const set = (key: string, value: () => unknown): void => {
    if (rng() < 0.3) o[key] = value();
  };
  set("name", () => maybe(rng, ["job", "report", "x".repeat(300)]));
  set("tags", () => (rng() < 0.5 ? [pick(rng, ["a", "b"])] : anyList(rng, (g) => maybe(g, ["a", "b"]))));
  set("id", () => (rng() < 0.3 && ids.length > 0 ? pick(rng, ids) : maybe(rng, [`id-${Math.floor(rng() * 1e9)}`])));
  set("singletonMode", () => maybe(rng, ["reschedule", "wait"]));
  set("limitedRuns", () => maybe(rng, [1, 3]));
  set("startAt", () => maybe(rng, [
    "immediately", new Date(T0 + 5000), new Date(T0 - 5000), { anchor: new Date(T0 - 5500) }, { anchor: new Date(MAX_DATE_MS) },
    { anchor: pick(rng, NUMBERS) }, revokedProxy(),
  ]));
  set("stopAt", () => maybe(rng, [new Date(T0 + 60_000), new Date(T0 - 1)]));
  set("signal", () => {
    const controller = new AbortController();
    const which = Math.floor(rng() * 4);
    if (which === 1) controller.abort();
    if (which === 1) aborted = true;
    return which < 2 ? controller.signal : which === 2 ? { aborted: false } : anyValue(rng);
  });
  set("on", () => maybe(rng, [{ afterRun: noop }, { bogus: noop }, { afterRun: 5 }, throwingGetters(["afterRun"])]));
  set("locker", () => maybe(rng, [false, grantingLocker, { lock: 1 }]));
  set("intervalFromCompletion", () => maybe(rng, [true, false]));
  set("missedRuns", () => maybe(rng, ["skip", "once"]));
  set("timeoutMs", () => maybe(rng, [1, 5000, 2 ** 31 - 1]));
  // Valid retries wait 0 ms: tick() awaits its runs, and the FakeClock does not move inside it.
  set("retry", () => maybe(rng, [
    { attempts: 3, delayMs: 0 }, { attempts: 2, delayMs: 0, backoff: "fixed", jitter: false, maxDelayMs: 0, when: () => true },
    { attempts: 0 }, { attempts: 101 }, { attempts: 2, backoff: "linear" }, { attempts: 2, when: 1 }, { attempts: 2, delay: 5 },
    throwingGetters(["attempts", "when"]), revokedProxy(),
  ]));
  set("jitterMs", () => maybe(rng, [0, 1, 500]));
  set("dstPolicy", () => maybe(rng, ["shift", "skip"]));
  if (rng() < 0.05) o["nmae"] = "typo";
  return { options: o, aborted: aborted && "signal" in o };
}

function definition(rng: Rng, where: string): unknown {
  if (rng() < 0.1) return anyValue(rng);
  const { what, call } = factoryCall(rng);
  const made = attempt(`${where} ${what}`, call);
  return made.ok ? made.value : durationJob(1000);
}

function task(rng: Rng, runs: { count: number }): unknown {
  const r = rng();
  if (r < 0.1) return anyValue(rng);
  if (r < 0.2) {
    // A task that returns something hostile: a then getter that throws, a revoked Proxy, ...
    const result = pick(rng, [{ get then(): never { throw new TypeError("then"); } }, revokedProxy(), throwingProxy, anyValue(rng)]);
    return () => result;
  }
  return () => void runs.count++;
}

/** The known-good job runs at its exact instant on the FakeClock. */
async function canaryRuns(scheduler: Scheduler, clock: FakeClock, where: string): Promise<void> {
  const seen: Array<[number, number]> = [];
  const start = clock.now();
  const made = attempt(`${where} canary`, () => scheduler.newJob(durationJob(1000), (ctx) => void seen.push([ctx.scheduledAt.getTime(), clock.now()]), { name: "canary" }));
  expect(made.ok, `${where}: canary rejected`).toBe(true);
  scheduler.start();
  await clock.advance(1000);
  expect(seen, `${where}: canary`).toEqual([[start + 1000, start + 1000]]);
}

suite(`public API fuzz (seed ${SEED})`, () => {
  it("definition factories: a definition or a SchedulerError, for 2,000 random calls", () => {
    const rng = prng(SEED);
    for (let i = 0; i < 2000; i++) {
      const { what, call } = factoryCall(rng);
      const made = attempt(`case ${i}: ${what}`, call);
      if (made.ok) expect(typeof made.value.compile, what).toBe("function");
    }
  });

  it("new Scheduler(options): a working scheduler or a SchedulerError, for 800 random option sets", async () => {
    const rng = prng(SEED + 1);
    for (let i = 0; i < 800; i++) {
      const clock = new FakeClock(T0);
      const o: Record<string, unknown> = { clock };
      let healthy = true; // options that cannot keep the canary from running
      const set = (key: string, valid: readonly unknown[], blocks = false): void => {
        if (rng() >= 0.35) return;
        o[key] = maybe(rng, valid);
        if (blocks || !valid.includes(o[key])) healthy = false;
      };
      set("clock", [clock]);
      set("timeZone", ["UTC", "Europe/Berlin", "x".repeat(1 << 20)]);
      set("dstPolicy", ["shift", "skip"]);
      set("stopTimeout", [1, 10_000, 2 ** 31]);
      set("limitConcurrentJobs", [{ limit: 1 }, { limit: 2, mode: "wait" }, { limit: 0 }, throwingGetters(["limit"])]);
      set("globalJobOptions", [{}, { tags: ["g"] }, { nmae: 1 }], true);
      set("elector", [leader, { isLeader: 1 }]);
      set("locker", [grantingLocker, { lock: null }]);
      set("lockTtlMs", [1, 60_000, 2 ** 31 - 1, 2 ** 31, 1.5]);
      set("stateStore", [new MemoryStateStore(), { load: 1, save: 2 }]);
      set("logger", [{ debug: noop, info: noop, warn: noop, error: noop }, throwingGetters(["error"])]);
      set("monitor", [{ jobStarted: noop }, throwingProxy, throwingGetters(["jobStarted", "jobRegistered"])]);
      set("historySize", [0, 1, 20, 1000]);
      set("instanceId", ["host-1", "x".repeat(200)]);
      if (rng() < 0.03) o["timezone"] = "UTC";
      const options = rng() < 0.05 ? pick(rng, [throwingProxy, revokedProxy(), null, 5, "UTC", throwingGetters(["clock"])]) : o;
      const where = `scheduler case ${i}: ${describe(options)}`;
      const made = attempt(where, () => new Scheduler(options as SchedulerOptions));
      if (!made.ok) continue;
      // Accepted: it must work, whatever the monitor or logger do (they may throw).
      if (healthy && (options as Record<string, unknown>)["clock"] === clock) await canaryRuns(made.value, clock, where);
      const stopped = await attemptAsync(`${where} shutdown`, () => made.value.shutdown());
      expect(stopped.ok, where).toBe(true);
    }
  });

  it("newJob, update, removeJob, removeByTags, tick, nextRuns, runNow: 60 schedulers x 80 random calls; healthy afterwards", async () => {
    const rng = prng(SEED + 2);
    for (let s = 0; s < 60; s++) {
      const clock = new FakeClock(T0);
      const scheduler = new Scheduler({ clock, timeZone: "UTC", logger: { debug: noop, info: noop, warn: noop, error: noop } });
      const runs = { count: 0 };
      let expected: Job[] = [];
      const removed: Job[] = [];
      /** Jobs that ran their last run are gone (with no next run); every other one is still there. */
      const reconcile = (where: string): Job[] => {
        const live = new Set(scheduler.jobs());
        for (const job of expected) {
          if (live.has(job)) continue;
          expect(job.nextRun(), `${where}: a job vanished`).toBeNull();
          removed.push(job);
        }
        return expected.filter((j) => live.has(j));
      };
      for (let c = 0; c < 80; c++) {
        const where = `scheduler ${s} call ${c}`;
        const op = pick(rng, ["newJob", "newJob", "newJob", "newJob", "update", "update", "removeJob", "removeByTags", "nextRuns", "nextRuns", "tick", "runNow", "pause", "byTags", "history"] as const);
        const ids = expected.map((j) => j.id);
        if (op === "newJob" || op === "update") {
          const def = definition(rng, where);
          const fn = task(rng, runs);
          const { options, aborted } = jobOptions(rng, ids);
          const id = rng() < 0.8 && ids.length > 0 ? pick(rng, ids) : anyValue(rng);
          const call = op === "newJob"
            ? () => scheduler.newJob(def as JobDefinition, fn as Task, options as JobOptions)
            : () => scheduler.update(id as string, def as JobDefinition, fn as Task, options as JobOptions);
          const made = attempt(`${where} ${op}(${describe(def)}, ${describe(options)})`, call);
          if (!made.ok) continue;
          const job = made.value;
          const at = expected.findIndex((j) => j.id === job.id);
          if (op === "update") expect(at, `${where}: update kept the id`).toBeGreaterThanOrEqual(0);
          if (aborted) {
            if (at >= 0) removed.push(...expected.splice(at, 1));
          } else if (at >= 0) {
            removed.push(expected[at] as Job);
            expected[at] = job;
          } else {
            expected.push(job);
          }
        } else if (op === "removeJob") {
          const id = rng() < 0.7 && ids.length > 0 ? pick(rng, ids) : anyValue(rng);
          const done = attempt(`${where} removeJob(${describe(id)})`, () => scheduler.removeJob(id as string));
          if (done.ok) removed.push(...expected.splice(ids.indexOf(id as string), 1));
        } else if (op === "removeByTags") {
          const tags = Array.from({ length: Math.floor(rng() * 3) }, () => maybe(rng, ["a", "b", "g"]));
          const done = attempt(`${where} removeByTags(${describe(tags)})`, () => scheduler.removeByTags(...(tags as string[])));
          if (done.ok) {
            const gone = expected.filter((j) => j.tags.some((t) => tags.includes(t)));
            expected = expected.filter((j) => !gone.includes(j));
            removed.push(...gone);
          }
        } else if (op === "nextRuns") {
          const job = pick(rng, [...expected, ...removed]);
          if (job === undefined) continue;
          const count = maybe(rng, [0, 1, 5, 1000]);
          const got = attempt(`${where} nextRuns(${describe(count)})`, () => job.nextRuns(count as number));
          if (got.ok) {
            validDates(`${where} nextRuns`, got.value);
            expect(got.value.length).toBeLessThanOrEqual(count as number);
          }
          const next = job.nextRun();
          if (next !== null) expect(Math.abs(next.getTime()) <= MAX_DATE_MS, `${where}: nextRun`).toBe(true);
        } else if (op === "tick") {
          const at = rng() < 0.4 ? pick(rng, [T0, T0 + 3000, new Date(T0 + 10_000), MAX_DATE_MS]) : anyValue(rng);
          const before = scheduler.jobs();
          const done = await attemptAsync(`${where} tick(${describe(at)})`, () => scheduler.tick(at as number));
          if (!done.ok) {
            expect(scheduler.jobs(), `${where}: a rejected tick changed the jobs`).toEqual(before);
            continue;
          }
          const next = done.value;
          if (next !== null) expect(Math.abs(next.getTime()) <= MAX_DATE_MS, `${where}: tick's next`).toBe(true);
          expected = reconcile(where);
        } else if (op === "pause") {
          const job = pick(rng, [...expected, ...removed]);
          if (job === undefined) continue;
          const on = rng() < 0.5;
          const done = attempt(`${where} ${on ? "pause" : "resume"}()`, () => (on ? job.pause() : job.resume()));
          expect(done.ok, `${where}: pause/resume of a live or removed job`).toBe(true);
          if (on && expected.includes(job)) {
            expect(job.isPaused()).toBe(true);
            expect(job.nextRun()).toBeNull();
          }
        } else if (op === "byTags") {
          const tags = Array.from({ length: Math.floor(rng() * 3) }, () => maybe(rng, ["a", "b", "g"]));
          const pause = rng() < 0.5;
          attempt(`${where} ${pause ? "pause" : "resume"}ByTags(${describe(tags)})`, () => (pause ? scheduler.pauseByTags(...(tags as string[])) : scheduler.resumeByTags(...(tags as string[]))));
        } else if (op === "history") {
          const job = pick(rng, [...expected, ...removed]);
          if (job === undefined) continue;
          const history = job.history();
          expect(JSON.parse(JSON.stringify(history)), `${where}: history survives JSON`).toEqual(history);
          for (const h of history) expect(["success", "error", "timeout", "skipped"]).toContain(h.outcome);
        } else {
          const job = pick(rng, [...expected, ...removed]);
          if (job === undefined) continue;
          await attemptAsync(`${where} runNow()`, () => job.runNow());
          expected = reconcile(where); // a run may use up the job's limitedRuns
        }
        for (const job of [...expected, ...removed]) {
          const last = job.lastRun();
          if (last !== null) expect(Number.isNaN(last.getTime()), `${where}: lastRun`).toBe(false);
        }
      }
      expect(scheduler.jobs().map((j) => j.id), `scheduler ${s}: jobs()`).toEqual(expected.map((j) => j.id));
      await canaryRuns(scheduler, clock, `scheduler ${s}`);
      const stopped = await attemptAsync(`scheduler ${s} shutdown`, () => scheduler.shutdown());
      expect(stopped.ok, `scheduler ${s} shutdown`).toBe(true);
      for (const call of [() => scheduler.newJob(durationJob(1000), noop), () => scheduler.removeJob("x"), () => scheduler.removeByTags("a")]) {
        expect(attempt(`scheduler ${s} after shutdown`, call)).toEqual({ ok: false, code: "SchedulerShutdown" });
      }
    }
  });
});
