import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { adminApp } from "../../adapters/hono/index.ts";
import type { AdminEvent } from "../../adapters/hono/index.ts";
import { TOKEN, fakeSource, quietLogger } from "./helpers.ts";

/**
 * The app behind a real Node HTTP server (@hono/node-server), as a user mounts it: a client
 * that goes away is noticed through the socket, not through a test double.
 */
const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

function listen(app: Hono): Promise<string> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
    servers.push(server);
  });
}

/** Polls `check` in real time (at most `ms`): the server notices a closed socket asynchronously. */
async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe("served by @hono/node-server", () => {
  it("streams events to a real client and unsubscribes when it disconnects; /isocron redirects to /isocron/", async () => {
    const { source, emit, subscribed } = fakeSource();
    const app = new Hono();
    app.route("/isocron", adminApp(source, { token: TOKEN, logger: quietLogger().logger }));
    const base = await listen(app);

    const redirect = await fetch(`${base}/isocron`, { redirect: "manual", signal: AbortSignal.timeout(5000) });
    expect(redirect.status).toBe(308);
    expect(new URL(redirect.headers.get("location") as string, `${base}/isocron`).href).toBe(`${base}/isocron/`);
    const page = await fetch(`${base}/isocron/`, { signal: AbortSignal.timeout(5000) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<noscript>");

    const abort = new AbortController();
    const res = await fetch(`${base}/isocron/api/events`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: abort.signal });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("isocron events")) text += decoder.decode((await reader.read()).value);
    expect(subscribed()).toBe(1);
    const event: AdminEvent = { type: "resumed", jobId: "j", name: "j", at: 1 };
    emit(event);
    while (!text.includes("event: resumed")) text += decoder.decode((await reader.read()).value);
    expect(text).toContain(`event: resumed\ndata: ${JSON.stringify(event)}\n\n`);
    abort.abort();
    expect(await eventually(() => subscribed() === 0)).toBe(true);
  });
});

describe("the docs' Node example", () => {
  it("a Scheduler mounted at /isocron answers its jobs over real HTTP with the token, 401 without", async () => {
    const { Scheduler } = await import("../../src/scheduler.ts");
    const { cronJob } = await import("../../src/definitions/cron.ts");
    const scheduler = new Scheduler({ timeZone: "Europe/Berlin" });
    scheduler.newJob(cronJob("0 9 * * 1-5"), () => {}, { name: "report" });
    scheduler.start();
    const app = new Hono();
    app.route("/isocron", adminApp(scheduler, { token: TOKEN }));
    const base = await listen(app);
    try {
      const res = await fetch(`${base}/isocron/api/jobs`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(5000) });
      expect(res.status).toBe(200);
      const jobs = await res.json() as { name: string; scheduleText: string; nextRuns: number[] }[];
      expect(jobs.map((j) => [j.name, j.scheduleText, j.nextRuns.length])).toEqual([["report", "every weekday at 09:00 (Europe/Berlin)", 5]]);
      const refused = await fetch(`${base}/isocron/api/jobs`, { signal: AbortSignal.timeout(5000) });
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toBe('Bearer realm="isocron"');
    } finally {
      await scheduler.shutdown();
    }
  });
});
