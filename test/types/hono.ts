// A consumer of "isocron/hono" (the admin API and dashboard): checked in the cells whose project
// has a fetch API's types (DOM, @types/node or the Workers types), as hono's own types need them.
import { Hono } from "hono";
import { Scheduler, type ScheduleDescription } from "isocron";
import { adminApp, describeSchedule, type AdminEvent, type AdminJob, type AdminOptions, type AdminSource } from "isocron/hono";

declare const source: AdminSource;

export function mount(scheduler: Scheduler, token: string): Hono {
  const app = new Hono();
  app.route("/isocron", adminApp(scheduler, { token, readOnly: true, title: "Jobs" }));
  app.route("/host", adminApp(source, { authorize: async (request: Request) => request.headers.has("x-ok") }));
  app.route("/local", adminApp(scheduler, { auth: false }));
  // @ts-expect-error: a way to authenticate is required
  adminApp(scheduler, {});
  // @ts-expect-error: one way only
  adminApp(scheduler, { token, auth: false });
  const options: AdminOptions = { token, maxStreams: 4 };
  void options;
  const text: string = describeSchedule({ type: "duration", intervalMs: 1000 } satisfies ScheduleDescription);
  const onEvent = (event: AdminEvent): string => (event.type === "failed" ? event.error.message : event.type);
  const stop: () => void = source.subscribe(onEvent);
  void [text, stop];
  return app;
}

export async function firstJob(): Promise<AdminJob | undefined> {
  return (await source.listJobs())[0];
}
