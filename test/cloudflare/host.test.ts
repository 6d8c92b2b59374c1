import { describe, expect, test } from "vitest";
import { FIXTURE, persistentWorker, sleep, T0 } from "./harness.ts";

const S = 1000;

const workerd = persistentWorker({
  prefix: "isocron-cf-persist-",
  entry: FIXTURE,
  durableObjects: { LEASES: "TestLeaseObject", SCHEDULER: "VirtualHost", VIRTUAL: "VirtualHost", ALARM: "AlarmHost" },
});
const { restart, get } = workerd;
const tick = async (name: string, now: number): Promise<number | null> => (await get(`/test/host/VIRTUAL/${name}/tick?now=${now}`)).next;
/** The host's runs, by instant then job name (runs due together start in any order). */
const log = async (binding: string, name: string): Promise<Array<{ job: string; scheduledAt: number }>> =>
  ((await get(`/test/host/${binding}/${name}/log`)) as Array<{ job: string; scheduledAt: number }>).sort(
    (a, b) => a.scheduledAt - b.scheduledAt || a.job.localeCompare(b.job),
  );
const alarm = async (binding: string, name: string): Promise<number | null> => (await get(`/test/host/${binding}/${name}/alarm`)).alarm;
const run = (job: string, at: number) => ({ job, scheduledAt: T0 + at });

describe("SchedulerHost in workerd", () => {
  test("tick runs what is due, returns the next due instant and arms the alarm there", async () => {
    expect(await tick("ticks", T0)).toBe(T0 + 30 * S);
    expect(await alarm("VIRTUAL", "ticks")).toBe(T0 + 30 * S);
    expect(await log("VIRTUAL", "ticks")).toEqual([]);
    expect(await tick("ticks", T0 + 30 * S)).toBe(T0 + 60 * S);
    expect(await tick("ticks", T0 + 60 * S)).toBe(T0 + 90 * S);
    expect(await alarm("VIRTUAL", "ticks")).toBe(T0 + 90 * S);
    // A repeated tick at the same instant runs nothing again.
    expect(await tick("ticks", T0 + 60 * S)).toBe(T0 + 90 * S);
    expect(await log("VIRTUAL", "ticks")).toEqual([run("every-30s", 30 * S), run("every-30s", 60 * S), run("every-minute", 60 * S)]);
  });

  test("listing the jobs is a pure read: an overdue job stays unrun and no alarm is armed", async () => {
    // As a previous deploy left it: the 30 s job was due 5 s ago, and nothing is armed.
    const due = Date.now() - 5 * S;
    await get(`/test/host/VIRTUAL/reads/seed?job=every-30s&next=${due}`);
    const list = (await get("/test/host/VIRTUAL/reads/list")) as Array<{ name: string; nextRun: string | null; runs: number }>;
    expect(list.map((j) => [j.name, j.nextRun, j.runs])).toEqual([
      ["every-minute", null, 0],
      ["every-30s", new Date(due).toISOString(), 0],
    ]);
    expect(await log("VIRTUAL", "reads")).toEqual([]);
    expect(await alarm("VIRTUAL", "reads")).toBeNull();
  });

  test("the alarm fires the due jobs and re-arms itself for the next second", async () => {
    const first = (await get("/test/host/ALARM/alarms/tick")).next as number;
    expect(first % S).toBe(0);
    // Each alarm logs the instant it re-armed for, read inside its handler: no race with the
    // next alarm. Wait (real time) until two occurrences ran.
    let entries: Array<{ job: string; scheduledAt: number }> = [];
    for (const end = Date.now() + 20_000; Date.now() < end; await sleep(100)) {
      entries = await get("/test/host/ALARM/alarms/log");
      if (entries.filter((e) => e.job === "every-second").length >= 2 && entries.at(-1)?.job === "(alarm)") break;
    }
    // Replay what each alarm did against what it may do. An alarm armed for `armed` runs
    // exactly that occurrence and re-arms one second later; an alarm more than a second late
    // skips the missed occurrence (missedRuns "skip") and re-arms at a later whole second.
    let armed = first;
    let ran: number[] = [];
    let runs = 0;
    for (const { job, scheduledAt } of entries) {
      if (job === "every-second") {
        ran.push(scheduledAt);
        continue;
      }
      if (ran.length > 0) {
        expect(ran).toEqual([armed]);
        expect(scheduledAt).toBe(armed + S);
      } else {
        expect(scheduledAt).toBeGreaterThanOrEqual(armed);
        expect(scheduledAt % S).toBe(0);
      }
      runs += ran.length;
      armed = scheduledAt;
      ran = [];
    }
    expect(runs).toBeGreaterThanOrEqual(2);
  });

  test("scheduled() (the Cron Trigger) drives the host's tick", async () => {
    const worker = await workerd.mf.getWorker();
    await worker.scheduled({ scheduledTime: new Date(T0), cron: "* * * * *" });
    await worker.scheduled({ scheduledTime: new Date(T0 + 60 * S), cron: "* * * * *" });
    // Through the Worker's own handler, on the host named "main".
    expect(await log("SCHEDULER", "main")).toEqual([run("every-minute", 60 * S)]);
    expect(await alarm("SCHEDULER", "main")).toBe(T0 + 90 * S);
  });

  test("across an object restart runs are neither lost nor doubled", async () => {
    expect(await tick("restart", T0)).toBe(T0 + 30 * S);
    await tick("restart", T0 + 30 * S);
    await tick("restart", T0 + 60 * S);
    const before = [run("every-30s", 30 * S), run("every-30s", 60 * S), run("every-minute", 60 * S)];
    expect(await log("VIRTUAL", "restart")).toEqual(before);

    // A new workerd process on the same storage: the object starts from scratch.
    await restart();
    // The same instant again runs nothing: the state says both were done.
    expect(await tick("restart", T0 + 60 * S)).toBe(T0 + 90 * S);
    expect(await tick("restart", T0 + 75 * S)).toBe(T0 + 90 * S);
    expect(await tick("restart", T0 + 90 * S)).toBe(T0 + 120 * S);
    expect(await tick("restart", T0 + 120 * S)).toBe(T0 + 150 * S);
    expect(await log("VIRTUAL", "restart")).toEqual([
      ...before,
      run("every-30s", 90 * S),
      run("every-30s", 120 * S),
      run("every-minute", 120 * S),
    ]);
  });

  // Guards the core's restore: a restored nextRun re-anchors a duration job without an
  // explicit anchor, so an off-grid first wake-up after a restart keeps the phase (not 90 s
  // then 105 s).
  test("a duration job keeps its phase when the restarted object first wakes off-grid", async () => {
    expect(await tick("phase", T0)).toBe(T0 + 30 * S);
    await tick("phase", T0 + 30 * S);
    await restart();
    expect(await tick("phase", T0 + 45 * S)).toBe(T0 + 60 * S);
    expect(await tick("phase", T0 + 60 * S)).toBe(T0 + 90 * S);
    expect(await log("VIRTUAL", "phase")).toEqual([run("every-30s", 30 * S), run("every-30s", 60 * S), run("every-minute", 60 * S)]);
  });
});
