import { expect, test } from "@playwright/test";
import { open } from "./helpers.ts";

// After a long sleep (timers held far past their due time) the scheduler runs what the
// missed-run rule says, once, and re-arms from the clock; it re-checks on
// `visibilitychange` and `pageshow`.

for (const event of ["visibilitychange", "pageshow"]) {
  test(`a 42-minute sleep ends at ${event}: one catch-up run, no pile-up, re-armed`, async ({ page }) => {
    await open(page, "/iife.html");
    const steps = await page.evaluate((name) => window.scenarios.sleepAndWake(window.lib, name), event);

    // Before: one cron run at 00:05; the duration job ran each minute.
    expect(steps.before.runs.once).toEqual(["2026-01-01T00:05:00.000Z"]);
    expect(steps.before.runs.skip).toHaveLength(5);
    expect(steps.before.timers).toBe(1);

    // Asleep: the clock moved, no timer fired, nothing ran.
    expect(steps.asleep.now).toBe("2026-01-01T00:47:30.000Z");
    expect(steps.asleep.runs).toEqual(steps.before.runs);

    // Woken by the event alone: "once" runs one catch-up for the first missed occurrence;
    // "skip" (the default) runs nothing; both are re-armed from now, with one timer.
    expect(steps.woken.runs.once).toEqual(["2026-01-01T00:05:00.000Z", "2026-01-01T00:10:00.000Z"]);
    expect(steps.woken.runs.skip).toEqual(steps.before.runs.skip);
    expect(steps.woken.next).toEqual({ once: "2026-01-01T00:50:00.000Z", skip: "2026-01-01T00:48:00.000Z" });
    expect(steps.woken.timers).toBe(1);

    // Another wake event adds nothing.
    expect(steps.again.runs).toEqual(steps.woken.runs);
    expect(steps.again.timers).toBe(1);

    // Three minutes on: runs on the regular instants again.
    expect(steps.after.runs.once.slice(2)).toEqual(["2026-01-01T00:50:00.000Z"]);
    expect(steps.after.runs.skip.slice(5)).toEqual([
      "2026-01-01T00:48:00.000Z",
      "2026-01-01T00:49:00.000Z",
      "2026-01-01T00:50:00.000Z",
    ]);
  });
}

for (const missedRuns of ["skip", "once"] as const) {
  test(`a page stalled for 2 s with real timers resumes without a pile-up (missedRuns "${missedRuns}")`, async ({
    page,
  }) => {
    await open(page, "/iife.html");
    const cdp = await page.context().newCDPSession(page);
    await page.evaluate((mode) => window.scenarios.startStalled(window.lib, mode), missedRuns);
    await page.waitForTimeout(700);

    // Halt the page's JavaScript (the debugger pauses at the next statement, i.e. when the
    // scheduler's timer fires), like a frozen tab or a sleeping laptop: timers are held.
    await cdp.send("Debugger.enable");
    await cdp.send("Debugger.pause");
    const pausedAt = Date.now();
    await page.waitForTimeout(2_000);
    await cdp.send("Debugger.resume");
    const resumedAt = Date.now();
    await page.waitForTimeout(800);
    const runs: { at: number; ran: number }[] = await page.evaluate(() => window.runs);
    await page.evaluate(() => window.jobScheduler?.shutdown());

    // Nothing ran while halted.
    expect(runs.filter((r) => r.ran > pausedAt + 50 && r.ran < resumedAt - 50)).toEqual([]);
    // Occurrences missed during the halt: "skip" drops them, "once" runs one catch-up.
    const caughtUp = runs.filter((r) => r.ran >= resumedAt - 50 && r.at < resumedAt - 250);
    expect(caughtUp).toHaveLength(missedRuns === "once" ? 1 : 0);
    // Then on the 200 ms grid again, from the clock: each instant once, none of the missed ones.
    const later = runs.filter((r) => r.ran >= resumedAt - 50 && r.at >= resumedAt - 250).map((r) => r.at);
    expect(later.length).toBeGreaterThanOrEqual(3);
    expect(later.slice(1).map((at, i) => at - later[i]!)).toEqual(later.slice(1).map(() => 200));
    expect(new Set(runs.map((r) => r.at)).size).toBe(runs.length);
    const before = runs.filter((r) => r.ran <= pausedAt + 50).map((r) => r.at);
    expect((later[0]! - before.at(-1)!) % 200).toBe(0);
  });
}
