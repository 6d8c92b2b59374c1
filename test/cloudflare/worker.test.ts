import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { post, startWorker, TOKEN } from "./harness.ts";

// The example Worker exactly as wrangler.toml deploys it.
let mf: Miniflare;
beforeAll(async () => {
  mf = await startWorker();
});
afterAll(() => mf?.dispose());

async function jobs(): Promise<any[]> {
  const response = await mf.dispatchFetch("http://worker/jobs", { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  return response.json() as Promise<any[]>;
}

const leaseBody = { object: "auth-test", name: "n", holder: "h", ttlMs: 1000 };
const WRITE_ROUTES: Array<[string, unknown]> = [
  ["/jobs/heartbeat/run", {}],
  ["/jobs/heartbeat/pause", {}],
  ["/jobs/heartbeat/resume", {}],
  ["/lease/acquire", leaseBody],
  ["/lease/renew", leaseBody],
  ["/lease/release", leaseBody],
];

/** GET with the given authorization header (none when null). */
async function read(target: Miniflare, path: string, authorization: string | null): Promise<{ status: number; json: any }> {
  const response = await target.dispatchFetch(`http://worker${path}`, authorization === null ? {} : { headers: { authorization } });
  return { status: response.status, json: await response.json() };
}

const BAD_TOKENS = [null, "Bearer wrong-token", `Basic ${TOKEN}`, "Bearer", `Bearer ${TOKEN}x`, `${TOKEN}`];

describe("the example Worker", () => {
  test("GET /jobs is a pure read: before the host's first tick it shows no next runs and runs nothing", async () => {
    const list = await jobs();
    expect(list.map((j) => [j.name, j.nextRun, j.lastRun, j.runs, j.running])).toEqual([
      ["heartbeat", null, null, 0, false],
      ["hourly", null, null, 0, false],
    ]);
    // Still nothing: reading twice did not schedule or run anything.
    expect((await jobs()).map((j) => j.nextRun)).toEqual([null, null]);
  });

  test("GET /jobs lists the jobs with their schedules and next and last runs once the cron trigger ticked", async () => {
    const before = Date.now();
    const worker = await mf.getWorker();
    expect((await worker.scheduled({ scheduledTime: new Date(before), cron: "* * * * *" })).outcome).toBe("ok");
    const list = await jobs();
    expect(list.map((j) => j.name)).toEqual(["heartbeat", "hourly"]);
    const [heartbeat, hourly] = list;
    expect(heartbeat.schedule).toMatchObject({ type: "cron", expression: "*/5 * * * *" });
    expect(hourly.schedule).toEqual({ type: "duration", intervalMs: 3_600_000 });
    for (const job of list) {
      expect(job.lastRun).toBeNull();
      expect(job.runs).toBe(0);
      expect(job.running).toBe(false);
    }
    // Next runs are real: on the five-minute grid and the hour grid, within one period.
    const nextBeat = Date.parse(heartbeat.nextRun);
    expect(nextBeat % 300_000).toBe(0);
    expect(nextBeat).toBeGreaterThan(before - 1_000);
    expect(nextBeat).toBeLessThanOrEqual(before + 300_000);
    const nextHour = Date.parse(hourly.nextRun);
    expect(nextHour % 3_600_000).toBe(0);
    expect(nextHour - before).toBeLessThanOrEqual(3_600_000);
  });

  test("POST /jobs/:name/run runs the job now and GET /jobs shows it", async () => {
    const ran = await post(mf, "/jobs/heartbeat/run", {});
    expect(ran).toEqual({ status: 200, json: { ran: "heartbeat" } });
    const heartbeat = (await jobs()).find((j) => j.name === "heartbeat");
    expect(heartbeat.runs).toBe(1);
    expect(Date.parse(heartbeat.lastRun)).toBeGreaterThan(Date.now() - 60_000);
    expect(heartbeat.lastRunCompletedAt).not.toBeNull();
    expect(await post(mf, "/jobs/nope/run", {})).toEqual({ status: 404, json: { error: 'no job named "nope"', code: "JobNotFound" } });
  });

  test("GET /jobs/:name/history shows the run, newest first, as plain records", async () => {
    const before = Date.now();
    expect(await post(mf, "/jobs/heartbeat/run", {})).toEqual({ status: 200, json: { ran: "heartbeat" } });
    const { status, json } = await read(mf, "/jobs/heartbeat/history", `Bearer ${TOKEN}`);
    expect(status).toBe(200);
    // Two runNow runs so far (this test's and the one before), each with its own id.
    expect(json).toHaveLength(2);
    const [latest, earlier] = json;
    expect(latest).toMatchObject({ outcome: "success", attempts: 1 });
    expect(latest.runId).toMatch(/^heartbeat@runNow-[0-9a-f-]{36}$/);
    expect(earlier.runId).toMatch(/^heartbeat@runNow-[0-9a-f-]{36}$/);
    expect(latest.runId).not.toBe(earlier.runId);
    expect(latest.startedAt).toBeGreaterThanOrEqual(before);
    expect(earlier.endedAt).toBeLessThanOrEqual(before);
    expect((await jobs()).map((j) => [j.name, j.lastOutcome])).toEqual([["heartbeat", "success"], ["hourly", null]]);
    expect(await read(mf, "/jobs/hourly/history", `Bearer ${TOKEN}`)).toEqual({ status: 200, json: [] });
  });

  test("POST /jobs/:name/pause and /resume pause and resume the job, as GET /jobs shows", async () => {
    expect(await post(mf, "/jobs/hourly/pause", {})).toEqual({ status: 200, json: { paused: "hourly" } });
    let hourly = (await jobs()).find((j) => j.name === "hourly");
    expect([hourly.paused, hourly.nextRun]).toEqual([true, null]);
    // Twice is no error.
    expect(await post(mf, "/jobs/hourly/pause", {})).toEqual({ status: 200, json: { paused: "hourly" } });
    const before = Date.now();
    expect(await post(mf, "/jobs/hourly/resume", {})).toEqual({ status: 200, json: { resumed: "hourly" } });
    hourly = (await jobs()).find((j) => j.name === "hourly");
    expect(hourly.paused).toBe(false);
    const next = Date.parse(hourly.nextRun);
    expect(next % 3_600_000).toBe(0);
    expect(next).toBeGreaterThan(before);
    expect(next - before).toBeLessThanOrEqual(3_600_000);
  });

  test("the job routes answer 404 with code JobNotFound for an unknown job", async () => {
    const notFound = { error: 'no job named "nope"', code: "JobNotFound" };
    expect(await post(mf, "/jobs/nope/pause", {})).toEqual({ status: 404, json: notFound });
    expect(await post(mf, "/jobs/nope/resume", {})).toEqual({ status: 404, json: notFound });
    expect(await read(mf, "/jobs/nope/history", `Bearer ${TOKEN}`)).toEqual({ status: 404, json: notFound });
    const long = "x".repeat(200);
    expect((await read(mf, `/jobs/${long}/history`, `Bearer ${TOKEN}`)).json).toEqual({ error: `no job named "${"x".repeat(80)}"`, code: "JobNotFound" });
  });

  test.each(["/jobs", "/jobs/heartbeat/history"])("GET %s refuses a missing, wrong or malformed token with 401: reads reveal job names and runs", async (path) => {
    for (const authorization of BAD_TOKENS) {
      expect(await read(mf, path, authorization), String(authorization)).toEqual({ status: 401, json: { error: "unauthorized" } });
    }
    expect((await read(mf, path, `Bearer ${TOKEN}`)).status).toBe(200);
  });

  test.each(WRITE_ROUTES)("POST %s refuses a missing, wrong or malformed token with 401", async (path, body) => {
    for (const authorization of BAD_TOKENS) {
      const answer = await post(mf, path, body, authorization);
      expect(answer, String(authorization)).toEqual({ status: 401, json: { error: "unauthorized" } });
    }
    expect((await post(mf, path, body)).status).toBe(200);
  });

  test("without the API_TOKEN secret every route refuses, reads included", async () => {
    const open = await startWorker({ token: null });
    try {
      for (const [path, body] of WRITE_ROUTES) {
        expect((await post(open, path, body)).status).toBe(401);
        expect((await post(open, path, body, "Bearer ")).status).toBe(401);
      }
      for (const path of ["/jobs", "/jobs/heartbeat/history"]) {
        expect((await read(open, path, null)).status).toBe(401);
        expect((await read(open, path, "Bearer ")).status).toBe(401);
      }
    } finally {
      await open.dispose();
    }
  });

  test("a cron trigger reaches the host through scheduled()", async () => {
    const worker = await mf.getWorker();
    const result = await worker.scheduled({ scheduledTime: new Date(), cron: "* * * * *" });
    expect(result.outcome).toBe("ok");
  });
});
