// cron 4 (kelektiv): one CronJob (and one timer) per job, luxon for time.
import { CronJob } from "cron";

export const dueSource = "none"; // onTick gets no date; lastDate() is the actual start

export function createPeer() {
  const jobs = [];
  return {
    cron(expression, timeZone, task) {
      const job = CronJob.from({ cronTime: expression, onTick: () => task(undefined), start: true, timeZone });
      jobs.push(job);
      return job;
    },
    daily(h, m, s, task) {
      return this.cron(`${s} ${m} ${h} * * *`, undefined, task);
    },
    nextRuns: (job, n) => job.nextDates(n).length,
    start() {},
    stop() {
      for (const job of jobs) job.stop();
    },
  };
}
