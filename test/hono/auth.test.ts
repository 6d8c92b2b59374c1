import { describe, expect, it } from "vitest";
import { adminApp } from "../../adapters/hono/index.ts";
import type { AdminOptions } from "../../adapters/hono/index.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { TOKEN, json, quietLogger, setup } from "./helpers.ts";

/** Every route of the API with the method it takes. */
const API: [string, string][] = [
  ["GET", "/api/jobs"], ["GET", "/api/jobs/j"], ["POST", "/api/jobs/j/run"], ["POST", "/api/jobs/j/pause"],
  ["POST", "/api/jobs/j/resume"], ["GET", "/api/events"], ["GET", "/api/nothing"],
];

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return "did not throw";
}

/** Status and code of a request to every API route with `headers`. */
async function statuses(options: Partial<AdminOptions>, headers: Record<string, string>, host = "localhost"): Promise<string[]> {
  const { scheduler, app } = setup(options);
  scheduler.newJob(durationJob(60_000), () => {}, { name: "j", id: "j" });
  const out: string[] = [];
  for (const [method, path] of API) {
    const res = await app.request(`http://${host}${path}`, { method, headers });
    const isJson = res.headers.get("content-type")?.startsWith("application/json") === true;
    const code = isJson ? (await json(res) as { code?: string }).code ?? "-" : "-";
    if (!isJson) await res.body?.cancel();
    out.push(`${res.status} ${code}`);
  }
  await scheduler.shutdown();
  return out;
}

describe("auth", () => {
  it("every API route refuses a missing or wrong token with 401, WWW-Authenticate and no CORS headers", async () => {
    const refused = Array(API.length).fill("401 AdminUnauthorized");
    expect(await statuses({}, {})).toEqual(refused);
    expect(await statuses({}, { authorization: `Bearer ${TOKEN}x` })).toEqual(refused);
    expect(await statuses({}, { authorization: `Bearer ${TOKEN.slice(0, -1)}` })).toEqual(refused);
    expect(await statuses({}, { authorization: `Basic ${TOKEN}` })).toEqual(refused);
    expect(await statuses({}, { cookie: `token=${TOKEN}` })).toEqual(refused);
    const { app } = setup();
    const res = await app.request("/api/jobs", { headers: { origin: "https://evil.example" } });
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="isocron"');
    expect(await res.text()).not.toContain(TOKEN);
    for (const [name] of res.headers) expect(name.startsWith("access-control-")).toBe(false);
  });

  it("the right token passes every route", async () => {
    expect(await statuses({}, { authorization: `Bearer ${TOKEN}` })).toEqual([
      "200 -", "200 -", "202 -", "200 -", "200 -", "200 -", "404 AdminNotFound",
    ]);
  });

  it("authorize: true passes, false and a throw refuse (the throw logged), async answers count", async () => {
    const seen: string[] = [];
    const pass = await statuses({ authorize: (request) => (seen.push(new URL(request.url).pathname), true) }, {});
    expect(pass[0]).toBe("200 -");
    expect(seen).toContain("/api/jobs");
    expect(await statuses({ authorize: () => false }, { authorization: `Bearer ${TOKEN}` })).toEqual(Array(API.length).fill("401 AdminUnauthorized"));
    expect((await statuses({ authorize: async () => true }, {}))[0]).toBe("200 -");
    expect((await statuses({ authorize: async () => false }, {}))[0]).toBe("401 AdminUnauthorized");
    // Truthy is not true: only `true` lets a request through.
    expect((await statuses({ authorize: (() => "yes") as unknown as () => boolean }, {}))[0]).toBe("401 AdminUnauthorized");
    const { scheduler, app, logged } = setup({ authorize: () => { throw new Error("db down"); } });
    const res = await app.request("/api/jobs");
    expect(res.status).toBe(401);
    expect(logged).toEqual(["[isocron] admin: authorize threw; request refused"]);
    const rejected = setup({ authorize: () => Promise.reject(new Error("db down")) });
    expect((await rejected.app.request("/api/jobs")).status).toBe(401);
    await scheduler.shutdown();
  });

  it("auth: false serves the API open to loopback names only (no DNS rebinding)", async () => {
    expect((await statuses({ auth: false }, {}))[0]).toBe("200 -");
    expect((await statuses({ auth: false }, {}, "127.0.0.1:8080"))[0]).toBe("200 -");
    expect((await statuses({ auth: false }, {}, "[::1]:8080"))[0]).toBe("200 -");
    expect(await statuses({ auth: false }, {}, "evil.example")).toEqual(Array(API.length).fill("403 AdminHostRefused"));
  });

  it("the page and its assets load without auth", async () => {
    const { app } = setup();
    expect((await app.request("/")).status).toBe(200);
    expect((await app.request("/assets/dashboard.js")).status).toBe(200);
    expect((await app.request("/assets/dashboard.css")).status).toBe(200);
  });
});

describe("options", () => {
  const scheduler = new Scheduler();
  const logger = quietLogger().logger;

  it("none of token, authorize and auth: false is AdminAuthMissing", () => {
    expect(codeOf(() => adminApp(scheduler, {} as AdminOptions))).toBe("AdminAuthMissing");
    expect(codeOf(() => adminApp(scheduler, { readOnly: true } as AdminOptions))).toBe("AdminAuthMissing");
    expect(codeOf(() => adminApp(scheduler, { token: undefined } as unknown as AdminOptions))).toBe("AdminAuthMissing");
  });

  it("refuses bad values, unknown keys and two ways at once with AdminOptionsInvalid, never showing the token", () => {
    const bad: unknown[] = [
      null, "token", { token: "short" }, { token: 12345678901234567 }, { token: `${TOKEN} x` },
      { authorize: "yes" }, { auth: true }, { auth: "false" }, { token: TOKEN, auth: false }, { token: TOKEN, authorize: () => true },
      { token: TOKEN, readOnly: "yes" }, { token: TOKEN, title: "" }, { token: TOKEN, title: 5 }, { token: TOKEN, tilte: "x" },
      { token: TOKEN, maxStreams: -1 }, { token: TOKEN, maxStreams: 1.5 }, { token: TOKEN, logger: {} }, { token: TOKEN, clock: {} },
      { token: TOKEN, keepAliveMs: 999 }, { token: TOKEN, keepAliveMs: 3_600_001 }, { token: TOKEN, keepAliveMs: 1_000.5 }, { token: TOKEN, keepAliveMs: "15000" },
    ];
    for (const options of bad) {
      let message = "";
      try {
        adminApp(scheduler, options as AdminOptions);
      } catch (error) {
        expect((error as { code?: string }).code, JSON.stringify(options)).toBe("AdminOptionsInvalid");
        message = (error as Error).message;
      }
      expect(message).not.toBe("");
      expect(message).not.toContain("short");
      expect(message).not.toContain(TOKEN);
    }
  });

  it("keepAliveMs takes whole ms from 1000 to 3600000", () => {
    for (const keepAliveMs of [1_000, 15_000, 3_600_000]) expect(codeOf(() => adminApp(scheduler, { token: TOKEN, keepAliveMs, logger }))).toBe("did not throw");
  });

  it("a source that is neither a Scheduler nor an AdminSource is AdminOptionsInvalid", () => {
    expect(codeOf(() => adminApp({ listJobs() {} } as never, { token: TOKEN, logger }))).toBe("AdminOptionsInvalid");
    expect(codeOf(() => adminApp(null as never, { token: TOKEN, logger }))).toBe("AdminOptionsInvalid");
  });
});
