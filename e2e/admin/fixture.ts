// The dashboard's server for the admin specs: a real Scheduler and the real adminApp, both from
// dist/ (built by `npm run build`, as `npm test` does first), served by @hono/node-server on a
// free loopback port, mounted under /isocron/ so the page's relative URLs are exercised.
import { test as base, expect, type Page } from "@playwright/test";
import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { Scheduler, atTime, cronJob, dailyJob, durationJob, weeklyJob, type Job } from "../../dist/index.js";
import { adminApp } from "../../dist/hono.js";

export const TOKEN = "e2e-admin-token-5f1c9a7b3d";
export const MOUNT = "/isocron/";
/** What the failing job throws: markup in it must show as text. */
export const FAILURE = "upstream answered 503 <b>Service Unavailable</b>";

export interface Dash {
  /** The page's address, without a token. */
  readonly url: string;
  readonly scheduler: Scheduler;
  job(name: string): Job;
  /** Closes the server and every open connection (the page's event stream included). */
  close(): Promise<void>;
  /** Serves the same scheduler again on the same port. */
  reopen(): Promise<void>;
}

/**
 * The usual jobs: one that runs every second (so rows change under the tests' hands), two on
 * calendars that never fall due during a test, and one that fails whenever it is run.
 */
export function usualJobs(scheduler: Scheduler): void {
  scheduler.newJob(durationJob(1_000), () => new Promise((r) => setTimeout(r, 30)), { name: "heartbeat", tags: ["ops"] });
  scheduler.newJob(dailyJob(1, [atTime(3, 0)]), () => {}, { name: "nightly-backup", tags: ["db", "backup"] });
  scheduler.newJob(weeklyJob(1, [1], [atTime(9, 0)]), () => {}, { name: "weekly-report", tags: ["mail"] });
  scheduler.newJob(cronJob("0 0 1 1 *"), () => {
    throw new Error(FAILURE);
  }, { name: "sync-invoices", tags: ["billing"] });
}

/** Starts `scheduler` (already holding its jobs) behind adminApp on a free loopback port. */
export async function startDash(scheduler: Scheduler, options: Parameters<typeof adminApp>[1] = { token: TOKEN }): Promise<Dash> {
  const root = new Hono();
  root.route(MOUNT.slice(0, -1), adminApp(scheduler, options));
  let port = 0;
  let server: ServerType;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = serve({ fetch: root.fetch, hostname: "127.0.0.1", port }, (info: AddressInfo) => {
        port = info.port;
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  await listen();
  scheduler.start();
  return {
    get url() {
      return `http://127.0.0.1:${port}${MOUNT}`;
    },
    scheduler,
    job(name) {
      const job = scheduler.jobs().find((j) => j.name === name);
      if (!job) throw new Error(`no job ${name}`);
      return job;
    },
    close,
    reopen: listen,
  };
}

export const test = base.extend<{ dash: Dash }>({
  // Any uncaught error in the page fails the test.
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await use(page);
    expect(errors, "page errors").toEqual([]);
  },
  dash: async ({}, use) => {
    const scheduler = new Scheduler();
    usualJobs(scheduler);
    const dash = await startDash(scheduler);
    await use(dash);
    await scheduler.shutdown();
    await dash.close();
  },
});
export { expect };

/** Opens the dashboard with the token in the fragment. */
export async function openDash(page: Page, dash: Dash, token = TOKEN): Promise<void> {
  await page.goto(`${dash.url}#token=${encodeURIComponent(token)}`);
}

/** The row of the job named `name`. */
export function row(page: Page, name: string) {
  return page.locator("#jobs tbody tr").filter({ has: page.getByRole("button", { name, exact: true }) });
}
