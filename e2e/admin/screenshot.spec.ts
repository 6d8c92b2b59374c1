// docs/dashboard.png, the README's picture: a realistic morning on a FakeClock, so every time,
// duration and outcome is the same on every run, and the page's clock fixed to the same instant.
import { statSync } from "node:fs";
import { FakeClock, Scheduler, atTime, cronJob, dailyJob, durationJob, monthlyJob, weeklyJob } from "../../dist/index.js";
import { expect, openDash, row, startDash, test } from "./fixture.ts";

const png = new URL("../../docs/dashboard.png", import.meta.url).pathname;
// Monday 2 March 2026, 09:41:10 in Berlin.
const NOW = Date.UTC(2026, 2, 2, 8, 41, 10);

test.use({ viewport: { width: 1120, height: 600 }, timezoneId: "Europe/Berlin", locale: "en-GB", colorScheme: "light" });

test("docs/dashboard.png: the dashboard with a failing and a paused job", async ({ page }) => {
  // Six days of history; off the minute, so nothing is running at NOW.
  const clock = new FakeClock(NOW - 6 * 86_400_000 + 17_000);
  const scheduler = new Scheduler({ clock, timeZone: "Europe/Berlin", instanceId: "web-1" });
  /** A task that takes `ms` of fake time, chosen in turn from `times`. */
  const takes = (times: number[]) => {
    let i = 0;
    return () => new Promise<void>((resolve) => clock.setTimer(resolve, times[i++ % times.length]!));
  };
  let syncs = 0;
  const sync = takes([900, 1200, 1100, 950, 1400, 1000]);
  scheduler.newJob(durationJob(30_000), takes([42, 38, 51, 40, 44, 39, 47, 41]), { name: "heartbeat", tags: ["ops"] });
  scheduler.newJob(cronJob("*/15 * * * *"), takes([1800, 2100, 1650, 2400, 1900, 3100, 2050]), { name: "refresh-prices", tags: ["shop"] });
  scheduler.newJob(durationJob(5 * 60_000), async () => {
    await sync();
    if (++syncs % 97 === 0 || clock.now() > NOW - 11 * 60_000) throw new Error("upstream answered 503 Service Unavailable");
  }, { name: "sync-invoices", tags: ["billing", "api"] });
  scheduler.newJob(dailyJob(1, [atTime(2, 30)]), takes([184_000, 179_500, 191_200, 186_800, 201_300, 188_000]), { name: "nightly-backup", tags: ["db"] });
  scheduler.newJob(weeklyJob(1, [1], [atTime(9, 0)]), takes([6_400, 5_900]), { name: "weekly-report", tags: ["mail"] });
  scheduler.newJob(monthlyJob(1, [15], [atTime(4, 0)]), () => {}, { name: "rotate-keys", tags: ["security"] });
  const dash = await startDash(scheduler);
  try {
    await clock.set(NOW - 4 * 60_000);
    dash.job("weekly-report").pause();
    await clock.set(NOW);
    expect(dash.job("sync-invoices").history()[0]).toMatchObject({ outcome: "error" });

    await page.clock.setFixedTime(NOW);
    await page.emulateMedia({ reducedMotion: "reduce" });
    await openDash(page, dash);
    await expect(page.locator("#jobs tbody tr")).toHaveCount(6);
    await expect(page.locator("#conn")).toHaveText("Live");
    await expect(page.locator("#jobs caption")).toHaveText("Jobs · 6 jobs, 1 failing, 1 paused");
    await expect(row(page, "sync-invoices").locator("td").nth(3)).toContainText("Failed");
    await expect(row(page, "weekly-report").locator("td").nth(2)).toHaveText(/Paused/);
    await expect(row(page, "rotate-keys").locator("td").nth(3)).toHaveText(/Never run/);
    await expect(row(page, "refresh-prices").locator("td").nth(2)).toHaveText(/09:45:00 in 3 min$/);
    await page.screenshot({ path: png, animations: "disabled", caret: "hide" });

    // The relative times follow the page's clock, without a reload or a server event.
    await page.clock.setFixedTime(NOW + 60_000);
    await expect(row(page, "refresh-prices").locator("td").nth(2)).toHaveText(/09:45:00 in 2 min$/);
    await expect(row(page, "heartbeat").locator("td").nth(3)).toHaveText(/09:40:57 1 min ago$/);
  } finally {
    // shutdown() waits on the fake clock: move it along.
    const down = scheduler.shutdown();
    await clock.advance(15_000);
    await down;
    await dash.close();
  }
  expect(statSync(png).size).toBeLessThan(150 * 1024);
});
