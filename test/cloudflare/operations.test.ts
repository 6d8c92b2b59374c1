import { describe, expect, test } from "vitest";
import { FIXTURE, persistentWorker, T0 } from "./harness.ts";

// The host's operations layer in real workerd: history and pause kept in Durable Object
// storage across restarts (a new workerd process over the same persisted storage).
const S = 1000;

const { restart, get } = persistentWorker({
  prefix: "isocron-cf-ops-",
  entry: FIXTURE,
  durableObjects: { LEASES: "TestLeaseObject", SCHEDULER: "VirtualHost", OPS: "OpsHost" },
});
const op = (host: string, what: string, query = ""): Promise<any> => get(`/test/host/OPS/${host}/${what}${query}`);
const history = (host: string, job: string): Promise<any[]> => op(host, "history", `?job=${job}`);
const list = (host: string): Promise<any[]> => op(host, "list");
const log = async (host: string): Promise<string[]> =>
  ((await op(host, "log")) as Array<{ job: string; scheduledAt: number }>).map((e) => `${e.job}@${(e.scheduledAt - T0) / S}s`).sort();

/** Ticks at T0 + `k` * 10 s and returns the real-time window the runs happened in. */
async function tick(host: string, k: number): Promise<[number, number]> {
  const before = Date.now();
  expect((await op(host, "tick", `?now=${T0 + k * 10 * S}`)).next).toBe(T0 + (k + 1) * 10 * S);
  return [before, Date.now()];
}

/** A run's record without its real-time instants, after checking they lie in `window` and agree. */
function plain(run: any, window: [number, number] | undefined): Record<string, unknown> {
  const { startedAt, endedAt, durationMs, ...rest } = run;
  expect(startedAt).toBeGreaterThanOrEqual(window![0]);
  expect(endedAt).toBeLessThanOrEqual(window![1]);
  expect(durationMs).toBe(endedAt - startedAt);
  return rest;
}

const run = (job: string, k: number, extra: Record<string, unknown> = {}) => ({
  runId: `${job}@${T0 + k * 10 * S}`, scheduledAt: T0 + k * 10 * S, outcome: "success", attempts: 1, instanceId: "ops-host", ...extra,
});
const boom = { outcome: "error", error: { name: "Error", message: "boom", code: "E_BOOM" } };

describe("SchedulerHost history in Durable Object storage", () => {
  test("exact records for a success, a failure and a retried success, newest first, bounded to historySize, across a restart", async () => {
    const windows = new Map<number, [number, number]>();
    await tick("h", 0); // schedules the first runs at T0 + 10 s
    expect(await history("h", "ok")).toEqual([]);
    windows.set(1, await tick("h", 1));
    windows.set(2, await tick("h", 2));
    const [ok, fails, flaky] = await Promise.all(["ok", "fails", "flaky"].map((j) => history("h", j)));
    expect(ok!.map((r, i) => plain(r, windows.get(2 - i)))).toEqual([run("ok", 2), run("ok", 1)]);
    expect(fails!.map((r, i) => plain(r, windows.get(2 - i)))).toEqual([run("fails", 2, boom), run("fails", 1, boom)]);
    expect(flaky!.map((r, i) => plain(r, windows.get(2 - i)))).toEqual([run("flaky", 2, { attempts: 2 }), run("flaky", 1, { attempts: 2 })]);
    // The retry waited its 5 ms delay after the failed first attempt.
    for (const r of flaky!) expect(r.durationMs).toBeGreaterThanOrEqual(5);

    await restart();
    // Before this instance ticks, the history comes from storage alone; reading it (and the
    // listing) runs nothing.
    expect(await history("h", "ok")).toEqual(ok);
    expect(await history("h", "fails")).toEqual(fails);
    expect(await history("h", "flaky")).toEqual(flaky);
    expect((await list("h")).map((j) => [j.name, j.lastOutcome, j.paused, j.runs])).toEqual([
      ["ok", "success", false, 2], ["fails", "error", false, 2], ["flaky", "success", false, 2],
    ]);
    expect(await log("h")).toHaveLength(2 + 2 + 4);

    windows.set(3, await tick("h", 3));
    windows.set(4, await tick("h", 4));
    // Four runs, three kept (historySize 3): the new ones first, then those from before the restart.
    for (const [job, extra] of [["ok", {}], ["fails", boom], ["flaky", { attempts: 2 }]] as const) {
      const runs = await history("h", job);
      expect(runs.map((r, i) => plain(r, windows.get(4 - i)))).toEqual([run(job, 4, extra), run(job, 3, extra), run(job, 2, extra)]);
      expect(runs[2]).toEqual((job === "ok" ? ok : job === "fails" ? fails : flaky)![0]);
    }
    await restart();
    expect((await history("h", "ok")).map((r) => r.runId)).toEqual([run("ok", 4).runId, run("ok", 3).runId, run("ok", 2).runId]);
  });

  test("a paused job stays paused across a restart and only jobs with new runs have their history written", async () => {
    await tick("p", 0);
    await tick("p", 1);
    expect(await op("p", "pause", "?job=fails")).toBe(true);
    expect(await op("p", "pause", "?job=flaky")).toBe(true);
    expect(await op("p", "pause", "?job=nope")).toBe(false);
    expect((await list("p")).map((j) => [j.name, j.paused, j.nextRun])).toEqual([
      ["ok", false, new Date(T0 + 20 * S).toISOString()], ["fails", true, null], ["flaky", true, null],
    ]);
    await op("p", "watch");
    await tick("p", 2);
    await tick("p", 2); // nothing new ran: nothing written
    expect(await op("p", "writes")).toEqual(["ok"]);

    await restart();
    // From storage, before any tick.
    expect((await list("p")).map((j) => [j.name, j.paused])).toEqual([["ok", false], ["fails", true], ["flaky", true]]);
    await tick("p", 3);
    expect(await log("p")).toEqual(["fails@10s", "flaky@10s", "flaky@10s", "ok@10s", "ok@20s", "ok@30s"]);
    expect(await op("p", "writes")).toEqual(["ok", "ok"]);
    expect((await history("p", "fails")).map((r) => r.runId)).toEqual([run("fails", 1).runId]);
    expect((await list("p")).map((j) => [j.name, j.paused])).toEqual([["ok", false], ["fails", true], ["flaky", true]]);

    // Resumed: its next occurrence after now (the host's now is the last tick's instant, T0 +
    // 30 s, ahead of real time), and the alarm is armed for it; the 30 s one it missed is not run.
    expect(await op("p", "resume", "?job=fails")).toBe(true);
    expect((await list("p")).map((j) => [j.name, j.paused, j.nextRun])).toEqual([
      ["ok", false, new Date(T0 + 40 * S).toISOString()], ["fails", false, new Date(T0 + 40 * S).toISOString()], ["flaky", true, null],
    ]);
    expect((await op("p", "alarm")).alarm).toBe(T0 + 40 * S);
    await tick("p", 4);
    expect((await log("p")).filter((e) => e.startsWith("fails"))).toEqual(["fails@10s", "fails@40s"]);
  });

  test("a damaged history row reads as no history and is replaced by the next runs", async () => {
    await tick("d", 0);
    await tick("d", 1);
    await restart();
    await op("d", "damage", "?job=ok");
    expect(await history("d", "ok")).toEqual([]);
    expect((await list("d")).map((j) => [j.name, j.lastOutcome])).toEqual([["ok", null], ["fails", "error"], ["flaky", "success"]]);
    await tick("d", 2);
    expect((await history("d", "ok")).map((r) => r.runId)).toEqual([run("ok", 2).runId]);
    await restart();
    expect((await history("d", "ok")).map((r) => r.runId)).toEqual([run("ok", 2).runId]);
  });

  test("a state table made before pause existed gains the paused column; its rows read as not paused", async () => {
    expect(await op("legacy", "legacy")).toEqual({
      before: { nextRun: 5, lastRun: 3, lastRunCompletedAt: 4, runs: 7 },
      after: { nextRun: 5, lastRun: 3, lastRunCompletedAt: 4, runs: 7, paused: true },
    });
  });
});
