import http from "node:http";
import { describe, expect, test } from "vitest";
import { ADMIN_TOKEN, FIXTURE, persistentWorker, sleep, T0, TOKEN } from "./harness.ts";

// The dashboard (isocron/hono) as the example Worker mounts it under /admin, in real workerd,
// its source the scheduler host Durable Object (here AdminHost: "report" succeeds, "fails"
// throws, "slow" takes 2 s): its API through the Worker, what survives a restart of workerd on
// the same storage, and events from runs inside the object reaching an SSE client.
const S = 1000;

const workerd = persistentWorker({
  prefix: "isocron-cf-admin-worker-",
  entry: FIXTURE,
  durableObjects: { LEASES: "TestLeaseObject", SCHEDULER: "AdminHost" },
});
const { restart } = workerd;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ADMIN = bearer(ADMIN_TOKEN);

async function api(method: string, path: string, headers: Record<string, string> = ADMIN): Promise<{ status: number; json: any }> {
  const response = await workerd.mf.dispatchFetch(`http://worker/admin/api${path}`, { method, headers });
  return { status: response.status, json: await response.json() };
}
const jobs = async (): Promise<any[]> => {
  const { status, json } = await api("GET", "/jobs");
  expect(status).toBe(200);
  return json;
};
const job = async (id: string): Promise<any> => (await api("GET", `/jobs/${id}`)).json;
/** The host the Worker's /admin reads ("main" of SCHEDULER), driven like its alarm would be. */
const host = async (op: string, query = ""): Promise<any> => (await workerd.mf.dispatchFetch(`http://worker/test/host/SCHEDULER/main/${op}${query}`)).json();
const tick = (k: number): Promise<any> => host("tick", `?now=${T0 + k * 10 * S}`);

/** Reads an SSE body until `done(text)`; fails after 10 s. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, sse: { text: string }, done: (text: string) => boolean): Promise<void> {
  const decoder = new TextDecoder();
  const deadline = Date.now() + 10_000;
  while (!done(sse.text)) {
    if (Date.now() > deadline) throw new Error(`not within 10 s: ${sse.text}`);
    const { done: ended, value } = await reader.read();
    if (ended) throw new Error(`the stream ended: ${sse.text}`);
    sse.text += decoder.decode(value, { stream: true });
  }
}
const events = (text: string): Array<{ event: string; data: any }> =>
  text.split("\n\n").flatMap((block) => {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    return event === undefined ? [] : [{ event, data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!) }];
  });

describe("the dashboard under /admin of the example Worker", () => {
  test("every API route needs ADMIN_TOKEN (401 without it, with a wrong one, with API_TOKEN); the page loads without it", async () => {
    for (const headers of [{}, bearer("wrong-token-wrong-token"), bearer(TOKEN), { authorization: `Basic ${ADMIN_TOKEN}` }]) {
      for (const [method, path] of [["GET", "/jobs"], ["GET", "/jobs/report"], ["POST", "/jobs/report/run"], ["POST", "/jobs/report/pause"], ["GET", "/events"]] as const) {
        const { status, json } = await api(method, path, headers);
        expect([method, path, status, json.code]).toEqual([method, path, 401, "AdminUnauthorized"]);
      }
    }
    // The admin token opens the dashboard only, not the Worker's own routes.
    expect((await workerd.mf.dispatchFetch("http://worker/jobs", { headers: ADMIN })).status).toBe(401);
    const page = await workerd.mf.dispatchFetch("http://worker/admin/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("<title>isocron on Workers</title>");
    const bare = await workerd.mf.dispatchFetch("http://worker/admin", { redirect: "manual" });
    expect([bare.status, bare.headers.get("location")]).toEqual([308, "./admin/"]);
    await bare.body?.cancel();
    // The routes the Worker had before are unchanged.
    expect((await workerd.mf.dispatchFetch("http://worker/jobs", { headers: bearer(TOKEN) })).status).toBe(200);
  });

  test("the jobs and a job's history come from the host's storage, and survive a restart", async () => {
    await tick(0);
    expect((await api("POST", "/jobs/slow/pause")).status).toBe(200);
    await tick(1);
    await tick(2);
    const listed = await jobs();
    expect(listed.map((j) => [j.id, j.name, j.nextRuns, j.lastOutcome, j.paused, j.recentDurationsMs.length])).toEqual([
      ["report", "report", [3, 4, 5, 6, 7].map((k) => T0 + k * 10 * S), "success", false, 2],
      ["fails", "fails", [3, 4, 5, 6, 7].map((k) => T0 + k * 10 * S), "error", false, 2],
      ["slow", "slow", [], null, true, 0],
    ]);
    expect(listed[0].scheduleText).toBe("every 10 s");
    const fails = await job("fails");
    expect(fails.history.map((r: any) => [r.runId, r.outcome, r.error])).toEqual([
      [`fails@${T0 + 20 * S}`, "error", { name: "Error", message: "boom", code: "E_BOOM" }],
      [`fails@${T0 + 10 * S}`, "error", { name: "Error", message: "boom", code: "E_BOOM" }],
    ]);
    expect(await api("GET", "/jobs/nope")).toMatchObject({ status: 404, json: { code: "JobNotFound" } });

    await restart();
    expect(await job("fails")).toEqual({ ...fails, nextRuns: [T0 + 30 * S] });
    // The pause was stored: the restarted host keeps "slow" paused, before and after its first tick.
    expect((await jobs()).map((j) => [j.id, j.paused])).toEqual([["report", false], ["fails", false], ["slow", true]]);
    await tick(3);
    expect((await jobs()).map((j) => [j.id, j.paused, j.nextRuns.length])).toEqual([["report", false, 5], ["fails", false, 5], ["slow", true, 0]]);
    expect((await host("log")).filter((e: any) => e.job === "slow")).toEqual([]);
    expect((await api("POST", "/jobs/slow/resume")).status).toBe(200);
    expect((await jobs())[2]).toMatchObject({ id: "slow", paused: false, nextRuns: [4, 5, 6, 7, 8].map((k) => T0 + k * 10 * S) });
    expect((await api("POST", "/jobs/slow/pause")).status).toBe(200);
  });

  test("run now answers 202 at once; the run lands in the job's history", async () => {
    const ran = await api("POST", "/jobs/report/run");
    expect(ran).toEqual({ status: 202, json: { ok: true } });
    let history: any[] = (await job("report")).history;
    for (let i = 0; i < 50 && !/@runNow-/.test(history[0]?.runId ?? ""); i++) {
      await sleep(50);
      history = (await job("report")).history;
    }
    expect(history[0]).toMatchObject({ outcome: "success", attempts: 1, instanceId: "admin-host" });
    expect(history[0].runId).toMatch(/^report@runNow-/);
    expect(await api("POST", "/jobs/nope/run")).toMatchObject({ status: 404, json: { code: "JobNotFound" } });
  });

  test("SSE: events of runs inside the host (a tick, as its alarm runs them, and run now) reach the client through the Worker", async () => {
    await tick(4); // primed, and "slow" is paused: ticks are quick
    const client = new AbortController();
    const response = await fetch(new URL("/admin/api/events", await workerd.mf.ready), { headers: ADMIN, signal: client.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = response.body!.getReader();
    const sse = { text: "" };
    await readUntil(reader, sse, (text) => text.length > 0);
    // The Worker has subscribed; its stream from the host opens a moment later.
    for (let i = 0; i < 100 && (await host("streams")) === 0; i++) await sleep(20);
    expect(await host("streams")).toBe(1);

    await tick(5);
    await readUntil(reader, sse, (text) => /event: finished/.test(text) && /event: failed/.test(text));
    expect((await api("POST", "/jobs/fails/run")).status).toBe(202);
    await readUntil(reader, sse, (text) => events(text).filter((e) => e.event === "failed").length === 2);
    const heard = events(sse.text).map((e) => e.data);
    const ticked = heard.filter((e) => e.scheduledAt === T0 + 50 * S);
    expect(ticked.map((e) => [e.type, e.jobId])).toEqual(expect.arrayContaining([["started", "report"], ["finished", "report"], ["started", "fails"], ["failed", "fails"]]));
    const runNow = heard.filter((e) => /^fails@runNow-/.test(e.runId ?? ""));
    expect(runNow.map((e) => [e.type, e.jobId, e.name, e.attempt ?? null])).toEqual([["started", "fails", "fails", 1], ["failed", "fails", "fails", null]]);
    expect(runNow[1].error).toEqual({ name: "Error", message: "boom", code: "E_BOOM" });

    client.abort();
  });

  test("a client that goes frees its place among the dashboard's 16 event streams (at the stream's next keep-alive: keepAliveMs 1000)", async () => {
    const url = await workerd.mf.ready;
    /** Opens the events of the fixture's dashboard (the example's, with keepAliveMs: 1000) over a real connection: its status, and a function that drops the connection. */
    const open = (): Promise<{ status: number; drop: () => void }> => new Promise((resolve, reject) => {
      const req = http.get(new URL("/test/admin/api/events", url), { headers: ADMIN }, (res) => {
        const drop = (): void => void req.destroy();
        if (res.statusCode !== 200) resolve({ status: res.statusCode ?? 0, drop });
        else res.once("data", () => resolve({ status: 200, drop }));
      });
      req.on("error", reject);
    });
    // Opened one by one until the dashboard is full.
    const first: Array<{ status: number; drop: () => void }> = [];
    while (first.length < 17 && first.at(-1)?.status !== 429) first.push(await open());
    expect(first.at(-1)!.status).toBe(429);
    expect(first.length).toBeGreaterThanOrEqual(16);
    for (const c of first) c.drop();
    // workerd notices a client gone at the stream's next write: the keep-alive, within 1 s here
    // (the 10 s allowed are well short of the default 15 s, so the option is what frees them).
    let again = await open();
    const deadline = Date.now() + 10_000;
    while (again.status !== 200 && Date.now() < deadline) {
      again.drop();
      await sleep(200);
      again = await open();
    }
    expect(again.status).toBe(200);
    again.drop();
  }, 30_000);

  test("without ADMIN_TOKEN the rest of the Worker runs and /admin answers 503 AdminAuthMissing", async () => {
    await restart({ adminToken: null });
    const response = await workerd.mf.dispatchFetch("http://worker/admin/api/jobs", { headers: ADMIN });
    expect([response.status, (await response.json() as any).code]).toEqual([503, "AdminAuthMissing"]);
    expect((await workerd.mf.dispatchFetch("http://worker/jobs", { headers: bearer(TOKEN) })).status).toBe(200);
  });
});
