import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { adminApp } from "../../adapters/hono/index.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import { cronJob } from "../../src/definitions/cron.ts";
import { TOKEN, T0, json, setup } from "./helpers.ts";

describe("GET /api/jobs and /api/jobs/:id", () => {
  it("lists every job with its schedule in words, next 5 runs, last run and outcome, durations oldest first", async () => {
    const { clock, scheduler, call } = setup();
    let n = 0;
    scheduler.newJob(durationJob(30_000), () => {
      if (++n === 2) throw new Error("boom");
    }, { name: "tick", tags: ["a", "b"], id: "tick-id" });
    scheduler.newJob(cronJob("0 9 * * *"), () => {}, { name: "daily", id: "daily-id" });
    scheduler.start();
    await clock.advance(90_000);
    const res = await call("/api/jobs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await json(res)).toEqual([
      {
        id: "tick-id", name: "tick", tags: ["a", "b"],
        schedule: { type: "duration", intervalMs: 30_000 }, scheduleText: "every 30 s",
        nextRuns: [120_000, 150_000, 180_000, 210_000, 240_000].map((ms) => T0 + ms),
        lastRun: T0 + 90_000, lastOutcome: "success", recentDurationsMs: [0, 0, 0], running: false, paused: false,
      },
      {
        id: "daily-id", name: "daily", tags: [],
        schedule: { type: "cron", expression: "0 9 * * *", withSeconds: false, timeZone: "UTC" }, scheduleText: expect.any(String),
        nextRuns: [0, 1, 2, 3, 4].map((d) => T0 + 9 * 3_600_000 + d * 86_400_000),
        lastRun: null, lastOutcome: null, recentDurationsMs: [], running: false, paused: false,
      },
    ]);
    await scheduler.shutdown();
  });

  it("one job adds its history, newest first, with the error message and no stack", async () => {
    const { clock, scheduler, call } = setup();
    let n = 0;
    scheduler.newJob(durationJob(1000), () => {
      if (++n === 2) throw new TypeError("disk full");
    }, { name: "j", id: "j" });
    scheduler.start();
    await clock.advance(2000);
    const res = await call("/api/jobs/j");
    expect(res.status).toBe(200);
    const body = await json(res) as { history: unknown[]; lastOutcome: string };
    expect(body.lastOutcome).toBe("error");
    expect(body.history).toEqual([
      {
        runId: `j@${T0 + 2000}`, scheduledAt: T0 + 2000, startedAt: T0 + 2000, endedAt: T0 + 2000, durationMs: 0,
        outcome: "error", attempts: 1, error: { name: "TypeError", message: "disk full" }, instanceId: scheduler.instanceId,
      },
      {
        runId: `j@${T0 + 1000}`, scheduledAt: T0 + 1000, startedAt: T0 + 1000, endedAt: T0 + 1000, durationMs: 0,
        outcome: "success", attempts: 1, instanceId: scheduler.instanceId,
      },
    ]);
    expect(JSON.stringify(body)).not.toContain("at ");
    await scheduler.shutdown();
  });

  it("an unknown id is a 404 JobNotFound for every job route, the id cut short", async () => {
    const { scheduler, call } = setup();
    const long = "x".repeat(600);
    for (const [method, path] of [["GET", ""], ["POST", "/run"], ["POST", "/pause"], ["POST", "/resume"]] as const) {
      const res = await call(`/api/jobs/nope${path}`, { method });
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({ error: 'no job with id "nope"', code: "JobNotFound" });
      const cut = await json(await call(`/api/jobs/${long}${path}`, { method })) as { error: string };
      expect(cut.error.length).toBeLessThan(120);
    }
    await scheduler.shutdown();
  });

  it("listing runs nothing: reads have no side effects", async () => {
    const { clock, scheduler, call } = setup();
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { name: "j", id: "j", startAt: "immediately" });
    for (let i = 0; i < 3; i++) await call("/api/jobs");
    await call("/api/jobs/j");
    await clock.advance(0);
    expect(runs).toBe(0);
    expect((await json(await call("/api/jobs")) as { nextRuns: number[] }[])[0]?.nextRuns).toEqual([]);
    await scheduler.shutdown();
  });
});

describe("ids", () => {
  it("an id with a slash, spaces or unicode is reached percent-encoded", async () => {
    const { scheduler, call } = setup();
    const id = "reports/daily ü";
    scheduler.newJob(durationJob(1000), () => {}, { name: "r", id });
    const res = await call(`/api/jobs/${encodeURIComponent(id)}`);
    expect(res.status).toBe(200);
    expect((await json(res) as { id: string }).id).toBe(id);
    expect((await call(`/api/jobs/${encodeURIComponent(id)}/pause`, { method: "POST" })).status).toBe(200);
    expect(scheduler.jobs()[0]?.isPaused()).toBe(true);
    await scheduler.shutdown();
  });
});

describe("POST actions", () => {
  it("run answers 202 at once, does not wait for the run, and the run happens", async () => {
    const { clock, scheduler, call } = setup();
    let release!: () => void;
    let started = 0;
    scheduler.newJob(durationJob(3_600_000), () => {
      started++;
      return new Promise<void>((r) => (release = r));
    }, { name: "j", id: "j" });
    const res = await call("/api/jobs/j/run", { method: "POST" });
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual({ ok: true });
    expect(started).toBe(1);
    expect((await json(await call("/api/jobs/j")) as { running: boolean }).running).toBe(true);
    release();
    await clock.advance(0);
    expect((await json(await call("/api/jobs/j")) as { history: { outcome: string }[] }).history.map((r) => r.outcome)).toEqual(["success"]);
    await scheduler.shutdown();
  });

  it("a run that fails or is refused never becomes an unhandled rejection", async () => {
    const { clock, scheduler, call } = setup();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      scheduler.newJob(durationJob(3_600_000), () => Promise.reject(new Error("nope")), { name: "j", id: "j" });
      expect((await call("/api/jobs/j/run", { method: "POST" })).status).toBe(202);
      await clock.advance(0);
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
      await scheduler.shutdown();
    }
  });

  it("pause and resume answer 200 and change the job; after shutdown every id is unknown", async () => {
    const { scheduler, call } = setup();
    scheduler.newJob(durationJob(1000), () => {}, { name: "j", id: "j" });
    scheduler.start();
    expect((await call("/api/jobs/j/pause", { method: "POST" })).status).toBe(200);
    expect(scheduler.jobs()[0]?.isPaused()).toBe(true);
    expect((await json(await call("/api/jobs/j")) as { paused: boolean; nextRuns: number[] })).toMatchObject({ paused: true, nextRuns: [] });
    expect((await call("/api/jobs/j/resume", { method: "POST" })).status).toBe(200);
    expect(scheduler.jobs()[0]?.isPaused()).toBe(false);
    await scheduler.shutdown();
    expect((await call("/api/jobs/j/pause", { method: "POST" })).status).toBe(404);
  });

  it("readOnly refuses every action with 403 AdminReadOnly; reads still work", async () => {
    const { scheduler, call } = setup({ readOnly: true });
    let runs = 0;
    scheduler.newJob(durationJob(1000), () => void runs++, { name: "j", id: "j" });
    for (const action of ["run", "pause", "resume"]) {
      const res = await call(`/api/jobs/j/${action}`, { method: "POST" });
      expect(res.status).toBe(403);
      expect((await json(res) as { code: string }).code).toBe("AdminReadOnly");
    }
    expect(runs).toBe(0);
    expect(scheduler.jobs()[0]?.isPaused()).toBe(false);
    expect((await call("/api/jobs")).status).toBe(200);
    await scheduler.shutdown();
  });

  it("an action from another site's page is refused (Sec-Fetch-Site), from the page itself it passes", async () => {
    const { scheduler, call } = setup({ auth: false });
    scheduler.newJob(durationJob(1000), () => {}, { name: "j", id: "j" });
    const cross = await call("/api/jobs/j/pause", { method: "POST", headers: { "sec-fetch-site": "cross-site" } });
    expect(cross.status).toBe(403);
    expect((await json(cross) as { code: string }).code).toBe("AdminCrossOrigin");
    expect(scheduler.jobs()[0]?.isPaused()).toBe(false);
    expect((await call("/api/jobs/j/pause", { method: "POST", headers: { "sec-fetch-site": "same-origin" } })).status).toBe(200);
    await scheduler.shutdown();
  });

  it("a source that throws: a SchedulerError is a 409 with its code, anything else a logged 500 without its message", async () => {
    const failing = {
      listJobs: async () => { throw new Error("redis://user:pw@host down"); },
      getJob: async () => null,
      runJob: async () => { throw new (await import("../../src/errors.ts")).SchedulerError("SchedulerShutdown", "the host shut down"); },
      pauseJob: async () => false,
      resumeJob: async () => false,
      subscribe: () => () => {},
    };
    const lines: string[] = [];
    const app = adminApp(failing, { token: TOKEN, logger: { error: (m: string) => void lines.push(m) } });
    const list = await app.request("/api/jobs", { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(list.status).toBe(500);
    const text = await list.text();
    expect(JSON.parse(text)).toEqual({ error: "the job source failed; see the server's log", code: "AdminSourceFailed" });
    expect(lines).toEqual(["[isocron] admin: the job source failed"]);
    const run = await app.request("/api/jobs/x/run", { method: "POST", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(run.status).toBe(409);
    expect(await json(run)).toEqual({ error: "[isocron] SchedulerShutdown: the host shut down", code: "SchedulerShutdown" });
  });
});

describe("the page and its assets", () => {
  it("GET / serves the page without auth, relative asset URLs, its security headers and no CORS", async () => {
    const { app } = setup();
    const res = await app.request("http://localhost/", { headers: { origin: "https://evil.example" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await res.text();
    expect(html).toContain('src="assets/dashboard.js"');
    expect(html).toContain('href="assets/dashboard.css"');
    expect(html).not.toMatch(/(src|href)="(\/|https?:)/);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    for (const [name] of res.headers) expect(name.startsWith("access-control-")).toBe(false);
  });

  it("title is escaped into the page's <title>", async () => {
    const { app } = setup({ title: `Jobs <script>alert("x")</script> & co` });
    const html = await (await app.request("/")).text();
    expect(html).toContain("<title>Jobs &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</title>");
    expect(html).not.toContain("<script>alert");
  });

  it("serves the script and stylesheet with their content types, an ETag and a 304 on revalidation", async () => {
    const { app } = setup();
    for (const [file, type] of [["dashboard.js", "text/javascript; charset=utf-8"], ["dashboard.css", "text/css; charset=utf-8"]]) {
      const res = await app.request(`/assets/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(type);
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect((await res.text()).length).toBeGreaterThan(0);
      const etag = res.headers.get("etag") as string;
      expect(etag).toMatch(/^"[0-9a-f]{8}-[0-9a-z]+"$/);
      const again = await app.request(`/assets/${file}`, { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
    }
    const missing = await app.request("/assets/other.js");
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ error: "no such asset", code: "AdminNotFound" });
  });

  it("mounted, the path without its slash redirects to the slash form with a relative Location; with it, the page", async () => {
    const { app: admin } = setup();
    const outer = new Hono();
    outer.route("/isocron", admin);
    outer.route("/:tenant/admin", admin);
    const bare = await outer.request("/isocron");
    expect(bare.status).toBe(308);
    expect(bare.headers.get("location")).toBe("./isocron/");
    expect(new URL(bare.headers.get("location") as string, "http://h/isocron").pathname).toBe("/isocron/");
    expect((await outer.request("/isocron/")).status).toBe(200);
    expect((await outer.request("/isocron/assets/dashboard.css")).status).toBe(200);
    const tenant = await outer.request("/acme/admin");
    expect(tenant.headers.get("location")).toBe("./admin/");
    expect((await outer.request("/acme/admin/")).status).toBe(200);
    expect((await outer.request("/isocron/api/jobs", { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await outer.request("/isocron/nothing")).status).toBe(404);
  });
});

describe("without history (historySize 0)", () => {
  it("lastRun still comes from the job; lastOutcome is null and durations empty", async () => {
    const { clock, scheduler, call } = setup({}, { historySize: 0 });
    scheduler.newJob(durationJob(1000), () => {}, { name: "j", id: "j" });
    scheduler.start();
    await clock.advance(2000);
    expect(await json(await call("/api/jobs/j"))).toMatchObject({ lastRun: T0 + 2000, lastOutcome: null, recentDurationsMs: [], history: [] });
    await scheduler.shutdown();
  });
});
