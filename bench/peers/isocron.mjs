// isocron, loaded from the bundle bench/run.mjs builds from src/index.ts (ISOCRON_BUNDLE).
import { pathToFileURL } from "node:url";

const bundle = process.env.ISOCRON_BUNDLE;
if (!bundle) throw new Error("ISOCRON_BUNDLE is not set: run the benchmark through bench/run.mjs");
const { Scheduler, cronJob, dailyJob, atTime } = await import(pathToFileURL(bundle).href);

export const dueSource = "scheduler"; // the task gets { scheduledAt }

export function createPeer() {
  const scheduler = new Scheduler();
  const run = (task) => (context) => task(context.scheduledAt.getTime());
  return {
    cron(expression, timeZone, task) {
      const withSeconds = expression.trim().split(/\s+/).length === 6;
      const zoned = timeZone ? `CRON_TZ=${timeZone} ${expression}` : expression;
      return scheduler.newJob(cronJob(zoned, { withSeconds }), run(task));
    },
    daily(h, m, s, task) {
      return scheduler.newJob(dailyJob(1, [atTime(h, m, s)]), run(task));
    },
    nextRuns: (job, n) => job.nextRuns(n).length,
    start: () => scheduler.start(),
    stop: () => scheduler.shutdown(),
  };
}
