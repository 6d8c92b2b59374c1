// node-schedule 2: one Job per job, cron-parser for times, long-timeout timers.
import schedule from "node-schedule";

export const dueSource = "scheduler"; // the task gets the invocation's fireDate

export function createPeer() {
  return {
    cron(expression, timeZone, task) {
      const rule = timeZone ? { rule: expression, tz: timeZone } : expression;
      return schedule.scheduleJob(rule, (fireDate) => task(fireDate.getTime()));
    },
    daily(h, m, s, task) {
      return this.cron(`${s} ${m} ${h} * * *`, undefined, task);
    },
    nextRuns: undefined, // only nextInvocation(): one instant
    start() {},
    stop: () => schedule.gracefulShutdown(),
  };
}
