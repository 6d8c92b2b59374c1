import { expect, test } from "@playwright/test";
import { expectBasicRuns, expectTimeoutRetry, open } from "./helpers.ts";

// dist/index.js from <script type="module">, with no import map: it has no bare imports.

test("cron, duration and one-time jobs run on time from the ES module", async ({ page }) => {
  await open(page, "/esm.html");
  const result = await page.evaluate(() => window.scenarios.basic(window.lib));
  expectBasicRuns(result);
});

test("a timed-out attempt is retried and the retry succeeds, on real timers, from the ES module", async ({ page }) => {
  await open(page, "/esm.html");
  expectTimeoutRetry(await page.evaluate(() => window.scenarios.timeoutRetry(window.lib)));
});

test("bad input is refused with coded errors from the ES module", async ({ page }) => {
  await open(page, "/esm.html");
  expect(await page.evaluate(() => window.scenarios.errors(window.lib))).toEqual([
    "DurationJobIntervalZero",
    "CronJobParse",
    "NewJobTaskNotFunc",
  ]);
});

test("isocron and isocron/web-locks share one SchedulerError class", async ({ page }) => {
  await open(page, "/esm.html");
  const shared = await page.evaluate(() => {
    try {
      new window.webLocks.WebLocksElector({ name: "" });
      return "no error";
    } catch (error) {
      return error instanceof window.lib.SchedulerError ? (error as { code: string }).code : "another class";
    }
  });
  expect(shared).toBe("WebLocksNameInvalid");
});
