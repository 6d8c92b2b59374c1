// toad-scheduler 4: a CronJob wraps one croner 10 instance per job.
import { CronJob, Task, ToadScheduler } from "toad-scheduler";

export const dueSource = "none"; // the task gets only the job id

export function createPeer() {
  const scheduler = new ToadScheduler();
  return {
    cron(expression, timeZone, task) {
      const job = new CronJob({ cronExpression: expression, timezone: timeZone }, new Task("t", () => task(undefined)));
      scheduler.addCronJob(job);
      return job;
    },
    daily(h, m, s, task) {
      return this.cron(`${s} ${m} ${h} * * *`, undefined, task);
    },
    // toad-scheduler has no next-runs API; its (private) croner instance does.
    nextRuns: (job, n) => job.cronInstance.nextRuns(n).length,
    start() {},
    stop: () => scheduler.stop(),
  };
}
