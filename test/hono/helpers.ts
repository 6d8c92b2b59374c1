import type { Hono } from "hono";
import { adminApp } from "../../adapters/hono/index.ts";
import type { AdminEvent, AdminOptions, AdminSource } from "../../adapters/hono/index.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { Scheduler } from "../../src/scheduler.ts";

/** 2026-01-01T00:00:00Z. */
export const T0 = Date.UTC(2026, 0, 1);
export const TOKEN = "s3cret-token-0123456789";
export const BEARER = { authorization: `Bearer ${TOKEN}` };

/** Error lines the app logged, collected instead of printed. */
export function quietLogger(): { logger: { error(message: string, ...args: unknown[]): void }; lines: string[] } {
  const lines: string[] = [];
  return { logger: { error: (message: string) => void lines.push(message) }, lines };
}

export interface Setup {
  clock: FakeClock;
  scheduler: Scheduler;
  app: Hono;
  logged: string[];
  /** `app.request` on http://localhost, bearer token included unless `headers` say otherwise. */
  call(path: string, init?: RequestInit): Promise<Response>;
}

/** A scheduler on a FakeClock at T0 (UTC) with its admin app; `options` replace the token auth. */
export function setup(options: Partial<AdminOptions> = {}, schedulerOptions: ConstructorParameters<typeof Scheduler>[0] = {}): Setup {
  const clock = new FakeClock(T0);
  const scheduler = new Scheduler({ clock, timeZone: "UTC", ...schedulerOptions });
  const { logger, lines } = quietLogger();
  const auth = "authorize" in options || "auth" in options || "token" in options ? {} : { token: TOKEN };
  const app = adminApp(scheduler, { ...auth, logger, clock, ...options } as AdminOptions);
  const call = (path: string, init: RequestInit = {}) =>
    Promise.resolve(app.request(`http://localhost${path}`, { ...init, headers: { ...BEARER, ...(init.headers as Record<string, string> | undefined) } }));
  return { clock, scheduler, app, logged: lines, call };
}

/** The JSON body of a response. */
export async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text());
}

/** A source whose events the test sends, counting subscriptions. */
export function fakeSource(): { source: AdminSource; emit(event: AdminEvent): void; subscribed: () => number } {
  const listeners = new Set<(event: AdminEvent) => void>();
  const source: AdminSource = {
    listJobs: async () => [],
    getJob: async () => null,
    runJob: async () => false,
    pauseJob: async () => false,
    resumeJob: async () => false,
    subscribe: (listener) => {
      const own = (event: AdminEvent) => listener(event);
      listeners.add(own);
      return () => listeners.delete(own);
    },
  };
  return { source, emit: (event) => listeners.forEach((l) => l(event)), subscribed: () => listeners.size };
}
