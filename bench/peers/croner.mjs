// croner 11 used directly: one Cron instance (and one timer) per job.
import { Cron } from "croner";

export const dueSource = "none"; // currentRun() is the actual start, not the due instant

export function createPeer() {
  const jobs = [];
  return {
    cron(expression, timeZone, task) {
      const job = new Cron(expression, { timezone: timeZone }, () => task(undefined));
      jobs.push(job);
      return job;
    },
    daily(h, m, s, task) {
      return this.cron(`${s} ${m} ${h} * * *`, undefined, task);
    },
    nextRuns: (job, n) => job.nextRuns(n).length,
    start() {},
    stop() {
      for (const job of jobs) job.stop();
    },
  };
}
