import { expect, it } from "vitest";
import { cronJob } from "../../src/definitions/cron.ts";
import { Scheduler } from "../../src/scheduler.ts";

// The one test on the system clock: real timers are the point. 1,000 jobs fire every second
// for about 3 s; every job must run at every whole second it was scheduled for, once.
it("1,000 jobs firing every second on the system clock all run, none twice", async () => {
  const scheduler = new Scheduler({ timeZone: "UTC" });
  const runs = new Map<string, number>();
  const lateness: number[] = [];
  for (let i = 0; i < 1000; i++) {
    scheduler.newJob(cronJob("* * * * * *", { withSeconds: true }), ({ scheduledAt }) => {
      const key = `${i}@${scheduledAt.getTime()}`;
      runs.set(key, (runs.get(key) ?? 0) + 1);
      lateness.push(Date.now() - scheduledAt.getTime());
    });
  }
  const started = Date.now();
  scheduler.start();
  const firstDue = Math.floor(started / 1000) * 1000 + 1000;
  await new Promise((r) => setTimeout(r, firstDue + 3000 - Date.now() + 400));
  await scheduler.shutdown();
  const seconds = [firstDue, firstDue + 1000, firstDue + 2000, firstDue + 3000];
  for (let i = 0; i < 1000; i++) for (const s of seconds) expect(runs.get(`${i}@${s}`)).toBe(1);
  expect([...runs.values()].every((n) => n === 1)).toBe(true);
  expect(runs.size).toBe(4000);
  // Generous: a loaded 2-core machine; the benchmark measures lateness properly.
  expect(Math.max(...lateness)).toBeLessThan(1000);
}, 20_000);
