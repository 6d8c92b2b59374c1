import { durationJob } from "../../dist/index.js";
import { FAILURE, TOKEN, expect, openDash, row, test } from "./fixture.ts";

test("the token in the fragment shows every job, and leaves the address bar", async ({ page, dash }) => {
  await openDash(page, dash);
  for (const name of ["heartbeat", "nightly-backup", "weekly-report", "sync-invoices"]) {
    await expect(row(page, name)).toHaveCount(1);
  }
  await expect(page.locator("#jobs tbody tr")).toHaveCount(4);
  await expect(page.locator("#jobs caption")).toContainText("4 jobs");
  expect(page.url()).toBe(dash.url);
  expect(await page.evaluate(() => location.hash)).toBe("");
  // Kept for this tab only: a reload needs no fragment.
  expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([TOKEN]);
  await page.reload();
  await expect(page.locator("#jobs tbody tr")).toHaveCount(4);

  // A row at a glance: schedule in words, next run as local time and relative, tags, badge.
  const backup = row(page, "nightly-backup");
  await expect(backup.locator("td").nth(1)).toHaveText(/\S/);
  await expect(backup.locator("td").nth(2).locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  await expect(backup.locator("td").nth(2)).toContainText(/in \d+ (s|min|h)/);
  await expect(backup.locator(".tag")).toHaveText(["db", "backup"]);
  await expect(backup.locator(".badge")).toHaveText("Never run");
  await expect(page.locator("#conn")).toHaveText("Live");
});

test("the heartbeat's row updates live: a badge, a relative last run and a sparkline", async ({ page, dash }) => {
  await openDash(page, dash);
  const heartbeat = row(page, "heartbeat");
  await expect(heartbeat.locator(".badge")).toHaveText(/OK|Running/, { timeout: 6_000 });
  await expect(heartbeat.locator("svg.spark")).toHaveAttribute("aria-label", /^\d+ runs?: /);
  const before = await heartbeat.locator("svg.spark").getAttribute("aria-label");
  // Two more runs later, without a reload, the line has more points.
  await expect(heartbeat.locator("svg.spark")).not.toHaveAttribute("aria-label", before!, { timeout: 6_000 });
  expect(dash.job("heartbeat").history().length).toBeGreaterThanOrEqual(2);
});

test("run now on a failing job: its error appears in the open history without a reload", async ({ page, dash }) => {
  await openDash(page, dash);
  const sync = row(page, "sync-invoices");
  await sync.getByRole("button", { name: "sync-invoices", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "History of sync-invoices" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("No runs yet.")).toBeVisible();

  const navigations: string[] = [];
  page.on("framenavigated", (frame) => navigations.push(frame.url()));
  await dialog.getByRole("button", { name: "Run now" }).click();
  const runs = dialog.locator("#runs tbody tr");
  await expect(runs).toHaveCount(1);
  await expect(runs.first().locator(".badge")).toHaveText("Failed");
  await expect(runs.first().locator(".err")).toHaveText(`Error: ${FAILURE}`);
  await expect(runs.first().locator("td").nth(3)).toHaveText("1", { useInnerText: true });
  // Text, not markup.
  await expect(dialog.locator(".err b")).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(sync.locator(".badge")).toHaveText("Failed");
  await expect(page.locator("#jobs caption")).toContainText("1 failing");
  await expect(page.locator("#live")).toContainText(`sync-invoices failed: ${FAILURE}`);
  expect(navigations).toEqual([]);
  expect(dash.job("sync-invoices").history()).toMatchObject([{ outcome: "error", attempts: 1 }]);
});

test("pause and resume show in the row, and so does a pause made on the server", async ({ page, dash }) => {
  await openDash(page, dash);
  const report = row(page, "weekly-report");
  await report.getByRole("button", { name: "Pause weekly-report" }).click();
  await expect(report.locator("td").nth(2)).toHaveText(/Paused/);
  await expect(report.getByRole("button", { name: "Resume weekly-report" })).toBeVisible();
  expect(dash.job("weekly-report").isPaused()).toBe(true);
  await expect(page.locator("#jobs caption")).toContainText("1 paused");

  await report.getByRole("button", { name: "Resume weekly-report" }).click();
  await expect(report.locator("td").nth(2).locator("time")).toBeVisible();
  await expect(report.getByRole("button", { name: "Pause weekly-report" })).toBeVisible();
  expect(dash.job("weekly-report").isPaused()).toBe(false);

  // Paused by someone else: only the event stream can tell the page.
  dash.job("nightly-backup").pause();
  const backup = row(page, "nightly-backup");
  await expect(backup.locator("td").nth(2)).toHaveText(/Paused/);
  await expect(page.locator("#live")).toContainText("nightly-backup paused");
  dash.job("nightly-backup").resume();
  await expect(backup.locator("td").nth(2).locator("time")).toBeVisible();
});

test("the event stream reconnects after the server goes away, and catches up", async ({ page, dash }) => {
  await openDash(page, dash);
  await expect(page.locator("#conn")).toHaveText("Live");
  await dash.close();
  await expect(page.locator("#conn")).toHaveText("Reconnecting…");
  // Changed while the page could not hear of it.
  dash.job("weekly-report").pause();
  await dash.reopen();
  await expect(page.locator("#conn")).toHaveText("Live", { timeout: 10_000 });
  await expect(row(page, "weekly-report").locator("td").nth(2)).toHaveText(/Paused/);
  // And live again afterwards.
  dash.job("weekly-report").resume();
  await expect(row(page, "weekly-report").locator("td").nth(2).locator("time")).toBeVisible();
});

test("the mount path without its trailing slash works too, the fragment kept across the redirect", async ({ page, dash }) => {
  await page.goto(`${dash.url.slice(0, -1)}#token=${TOKEN}`);
  await expect(page.locator("#jobs tbody tr")).toHaveCount(4);
  expect(page.url()).toBe(dash.url);
});

test("a job added on the server appears live, and goes when it is removed", async ({ page, dash }) => {
  await openDash(page, dash);
  await expect(page.locator("#jobs tbody tr")).toHaveCount(4);
  const added = dash.scheduler.newJob(durationJob(3_600_000), () => {}, { name: "late-comer", tags: ["new"] });
  await expect(row(page, "late-comer")).toHaveCount(1);
  await expect(page.locator("#jobs caption")).toContainText("5 jobs");
  await expect(page.locator("#live")).toContainText("late-comer registered");
  dash.scheduler.removeJob(added.id);
  await expect(row(page, "late-comer")).toHaveCount(0);
  await expect(page.locator("#jobs caption")).toContainText("4 jobs");
});
