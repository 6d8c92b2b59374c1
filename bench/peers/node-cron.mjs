// node-cron 4: one task (and one heartbeat timer) per job.
import cron from "node-cron";

export const dueSource = "scheduler"; // context.date is the matched slot

export function createPeer() {
  const tasks = [];
  return {
    cron(expression, timeZone, task) {
      const t = cron.schedule(expression, (context) => task(context.date.getTime()), timeZone ? { timezone: timeZone } : {});
      tasks.push(t);
      return t;
    },
    daily(h, m, s, task) {
      return this.cron(`${s} ${m} ${h} * * *`, undefined, task);
    },
    nextRuns: (t, n) => t.getNextRuns(n).length,
    start() {},
    stop() {
      for (const t of tasks) t.destroy();
    },
  };
}
