import { expect, test } from "@playwright/test";
import { expectBasicRuns, expectTimeoutRetry, open } from "./helpers.ts";

// dist/isocron.iife.js from a plain <script> tag: the global `isocron`, nothing else.

test("the script tag defines the global isocron with the public API", async ({ page }) => {
  await open(page, "/iife.html");
  const api = await page.evaluate(() =>
    ["Scheduler", "FakeClock", "SchedulerError", "cronJob", "durationJob", "dailyJob", "weeklyJob", "monthlyJob", "oneTimeJob", "atTime"].map(
      (name) => `${name}:${typeof window.lib[name]}`,
    ),
  );
  expect(api).toEqual([
    "Scheduler:function", "FakeClock:function", "SchedulerError:function", "cronJob:function", "durationJob:function",
    "dailyJob:function", "weeklyJob:function", "monthlyJob:function", "oneTimeJob:function", "atTime:function",
  ]);
  // The bundle keeps its insides to itself: one global, nothing else leaking out (Chromium
  // has its own `Scheduler`, the task-scheduling API, so look for names only we would add).
  expect(await page.evaluate(() => ["Cron", "croner", "FakeClock", "durationJob"].map((n) => n in window))).toEqual([
    false, false, false, false,
  ]);
});

test("cron, duration and one-time jobs run on time from the script tag", async ({ page }) => {
  await open(page, "/iife.html");
  const result = await page.evaluate(() => window.scenarios.basic(window.lib));
  expectBasicRuns(result);
});

test("a timed-out attempt is retried and the retry succeeds, on real timers, from the script tag", async ({ page }) => {
  await open(page, "/iife.html");
  expectTimeoutRetry(await page.evaluate(() => window.scenarios.timeoutRetry(window.lib)));
});

test("bad input is refused with coded errors from the script tag", async ({ page }) => {
  await open(page, "/iife.html");
  expect(await page.evaluate(() => window.scenarios.errors(window.lib))).toEqual([
    "DurationJobIntervalZero",
    "CronJobParse",
    "NewJobTaskNotFunc",
  ]);
});
