// W1's dispatch on a manual clock, for bench/dispatch-ab.mjs and bench/instructions.mjs:
// `jobs` every-second cron jobs whose tasks read scheduledAt as W1's do.

/**
 * A started scheduler from isocron's exports `{ Scheduler, cronJob }` and `tick()`, which moves
 * the clock a second and dispatches the batch due then, synchronously. `history` is the
 * historySize option, or "-" for none (versions before the operations layer).
 */
export function manualW1({ Scheduler, cronJob }, history, jobs) {
  let now = Date.UTC(2026, 0, 1);
  let fire = null;
  const clock = { now: () => now, setTimer: (f) => ((fire = f), 1), clearTimer: () => void (fire = null) };
  const scheduler = new Scheduler(history === "-" ? { clock, timeZone: "UTC" } : { clock, timeZone: "UTC", historySize: Number(history) });
  const seen = new Float64Array(jobs);
  for (let i = 0; i < jobs; i++) scheduler.newJob(cronJob("* * * * * *", { withSeconds: true }), (c) => void (seen[i] = c.scheduledAt.getTime()));
  scheduler.start();
  const tick = () => {
    now += 1000;
    const f = fire;
    fire = null;
    f();
  };
  return { scheduler, tick };
}
