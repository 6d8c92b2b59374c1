// A page's script using the script-tag bundle's global `isocron` (dist/isocron.iife.js), typed
// through the package's "isocron/iife" entry. Checked in the browser cells of test/types/run.mjs.
/// <reference types="isocron/iife" />

export async function page(): Promise<void> {
  await using scheduler = new isocron.Scheduler({ timeZone: "UTC" });
  const job = scheduler.newJob(isocron.cronJob("*/10 * * * * *", { withSeconds: true }), () => undefined, { name: "refresh" });
  const next: Date | null = job.nextRun();
  const error: unknown = null;
  if (error instanceof isocron.SchedulerError) void error.code;
  void next;
}
