import { describe, expect, test } from "vitest";
import { FIXTURE, persistentWorker, sleep, T0 } from "./harness.ts";

// The scheduler host's admin RPC methods in real workerd (what HostAdminSource calls): jobs as
// the dashboard shows them, from storage across restarts; runs started without waiting; the
// event streams and their bounds. Through the Worker's /admin routes: admin-worker.test.ts.
const S = 1000;

const { restart, get } = persistentWorker({
  prefix: "isocron-cf-admin-",
  entry: FIXTURE,
  durableObjects: { LEASES: "TestLeaseObject", SCHEDULER: "VirtualHost", ADMIN: "AdminHost" },
});
const op = (host: string, what: string, query = ""): Promise<any> => get(`/test/host/ADMIN/${host}/${what}${query}`);
const tick = async (host: string, k: number): Promise<void> => void (await op(host, "tick", `?now=${T0 + k * 10 * S}`));
const jobs = (host: string): Promise<any[]> => op(host, "admin-jobs");
const job = (host: string, name: string): Promise<any> => op(host, "admin-job", `?job=${name}`);
const events = (host: string, query: string): Promise<any> => get(`/test/events/ADMIN/${host}?${query}`);

describe("SchedulerHost's admin methods", () => {
  test("adminJobs: each job by name with 5 next runs, its last run, outcome and durations; after a restart the same from storage", async () => {
    await tick("h", 0);
    expect(await op("h", "pause", "?job=slow")).toBe(true);
    await tick("h", 1);
    await tick("h", 2);
    const live = await jobs("h");
    expect(live.map((j) => j.id)).toEqual(["report", "fails", "slow"]);
    const [report, fails, slow] = live;
    expect(report).toMatchObject({
      name: "report", tags: ["daily"], schedule: { type: "duration", intervalMs: 10_000 },
      nextRuns: [3, 4, 5, 6, 7].map((k) => T0 + k * 10 * S), lastOutcome: "success", running: false, paused: false,
    });
    expect(typeof report.scheduleText).toBe("string");
    const reportRuns = (await job("h", "report")).history;
    expect(reportRuns.map((r: any) => r.runId)).toEqual([`report@${T0 + 20 * S}`, `report@${T0 + 10 * S}`]);
    expect(report.lastRun).toBe(reportRuns[0].startedAt);
    expect(report.recentDurationsMs).toEqual([reportRuns[1].durationMs, reportRuns[0].durationMs]);
    expect(fails).toMatchObject({ lastOutcome: "error", paused: false, nextRuns: [3, 4, 5, 6, 7].map((k) => T0 + k * 10 * S) });
    expect(slow).toMatchObject({ paused: true, nextRuns: [], lastRun: null, lastOutcome: null, recentDurationsMs: [] });

    const detail = await job("h", "fails");
    expect(detail.history.map((r: any) => [r.runId, r.outcome, r.attempts, r.error, r.instanceId])).toEqual([
      [`fails@${T0 + 20 * S}`, "error", 1, { name: "Error", message: "boom", code: "E_BOOM" }, "admin-host"],
      [`fails@${T0 + 10 * S}`, "error", 1, { name: "Error", message: "boom", code: "E_BOOM" }, "admin-host"],
    ]);
    const { history, ...rest } = detail;
    expect(rest).toEqual(fails);
    expect(await job("h", "nope")).toBeNull();

    await restart();
    // Before any tick: history, outcome and paused from storage; the one stored next run.
    const stored = await jobs("h");
    expect(stored).toEqual(live.map((j) => ({ ...j, nextRuns: j.nextRuns.slice(0, 1) })));
    expect((await job("h", "fails")).history).toEqual(history);
    await tick("h", 3);
    expect((await jobs("h")).map((j) => [j.id, j.nextRuns[0], j.nextRuns.length, j.paused])).toEqual([
      ["report", T0 + 40 * S, 5, false], ["fails", T0 + 40 * S, 5, false], ["slow", undefined, 0, true],
    ]);
  });

  test("adminRun starts a run and answers before it ends; the run is in the stored history when it ends", async () => {
    await tick("r", 0);
    expect(await op("r", "admin-run", "?job=slow")).toBe(true);
    // "slow" takes 2 s: it is still running.
    expect((await jobs("r")).find((j) => j.id === "slow").running).toBe(true);
    expect(await op("r", "log")).toEqual([]);
    let runs: any[] = [];
    for (let i = 0; i < 100 && runs.length === 0; i++) {
      await sleep(100);
      runs = (await job("r", "slow")).history;
    }
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: "success", attempts: 1, instanceId: "admin-host" });
    expect(runs[0].runId).toMatch(/^slow@runNow-[0-9a-f-]{36}$/);
    expect(runs[0].durationMs).toBeGreaterThanOrEqual(1_900);
    expect(await op("r", "admin-run", "?job=nope")).toBe(false);
    await restart();
    expect((await job("r", "slow")).history).toEqual(runs);
  });

  test("adminEvents: a stream replays the kept events from its cursor (an instant, or this instance's sequence number)", async () => {
    await jobs("e"); // builds the scheduler: its registrations are before `since`
    await sleep(20);
    const since = Date.now();
    await sleep(5);
    expect(await op("e", "pause", "?job=report")).toBe(true);
    expect(await op("e", "resume", "?job=report")).toBe(true);
    const bySince = await events("e", `since=${since}&lines=2`);
    expect(bySince.lines.map((l: any) => [l.event.type, l.event.jobId, l.event.name])).toEqual([["paused", "report", "report"], ["resumed", "report", "report"]]);
    const [first, second] = bySince.lines;
    expect(second.seq).toBe(first.seq + 1);
    expect(second.instance).toBe(first.instance);
    expect(first.event.at).toBeGreaterThanOrEqual(since);
    const bySeq = await events("e", `cursor=${JSON.stringify({ since: 0, instance: first.instance, seq: first.seq })}&lines=1`);
    expect(bySeq.lines).toEqual([second]);
    expect([bySince.before, bySince.after, bySeq.after]).toEqual([1, 0, 0]);
  });

  test("adminEvents: a stream ends by itself after its lifetime, and when its reader ends it by id", async () => {
    await jobs("l"); // builds the scheduler: its registrations are before `since`
    await sleep(20);
    const started = Date.now();
    const lived = await events("l", `since=${Date.now()}&ms=1000&lines=1`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect([lived.lines, lived.ended, lived.before, lived.after, lived.ends]).toEqual([[], true, 0, 0, [false]]);
    const ended = await events("l", `since=${Date.now()}&ms=60000&lines=0`);
    expect([ended.ended, ended.before, ended.after, ended.ends]).toEqual([false, 1, 0, [true]]);
  });

  test("adminEvents: at most 32 streams at once, bad arguments refused, with their codes", async () => {
    const many = await events("m", `since=0&streams=33`);
    // Over RPC the message arrives prefixed with the error's name.
    expect(many.refused).toEqual(["SchedulerError: [isocron] HostAdminFailed: adminEvents: 32 event streams are open already"]);
    expect([many.before, many.after]).toEqual([32, 0]);
    const bad = await events("m", `since=0&ms=999`);
    expect(bad.refused).toEqual(["SchedulerError: [isocron] HostAdminOptionsInvalid: adminEvents: ms must be a number of ms in [1000, 900000], got 999"]);
    const noCursor = await events("m", `cursor=${JSON.stringify("x")}`);
    expect(noCursor.refused).toEqual(['SchedulerError: [isocron] HostAdminOptionsInvalid: adminEvents: cursor must be an object with since, got "x"']);
    const badId = await events("m", `since=0&id=${encodeURIComponent("a b")}`);
    expect(badId.refused).toEqual(['SchedulerError: [isocron] HostAdminOptionsInvalid: adminEvents: id must be 1 to 64 letters, digits and dashes, got "a b"']);
    expect(badId.ends).toEqual([false]);
  });

  test("HostAdminSource inside workerd: a run started through it reaches the subscriber as started and failed events", async () => {
    await tick("s", 0);
    const body = await get("/test/source/ADMIN/s?run=fails&events=2");
    expect(body.ran).toBe(true);
    expect(body.errors).toEqual([]);
    const [started, failed] = body.events;
    expect(started).toMatchObject({ type: "started", jobId: "fails", name: "fails", attempt: 1 });
    expect(started.runId).toMatch(/^fails@runNow-/);
    expect(failed).toMatchObject({ type: "failed", jobId: "fails", runId: started.runId, error: { name: "Error", message: "boom", code: "E_BOOM" } });
    expect(await op("s", "streams")).toBe(0);
  });
});
