import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { Scheduler, durationJob } from "../../dist/index.js";
import { TOKEN, expect, openDash, row, startDash, test, usualJobs } from "./fixture.ts";

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A/AA and best practice). */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`axe finds no serious violation, ${colorScheme} scheme: table, history, token form`, async ({ page, dash }) => {
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    // Every badge there is: a failure, a pause, a success, one never run.
    dash.job("weekly-report").pause();
    await dash.job("sync-invoices").runNow();
    await expect.poll(() => dash.job("sync-invoices").history().length).toBe(1);
    await openDash(page, dash);
    await expect(row(page, "sync-invoices").locator(".badge")).toHaveText("Failed");
    await expect(row(page, "heartbeat").locator(".badge")).toHaveText(/OK|Running/, { timeout: 6_000 });
    await expect(row(page, "weekly-report").locator("td").nth(2).locator(".badge")).toHaveText("Paused");
    expect(await seriousViolations(page)).toEqual([]);

    await row(page, "sync-invoices").getByRole("button", { name: "sync-invoices", exact: true }).click();
    await expect(page.locator("#runs tbody tr")).toHaveCount(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.locator("#login")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test("screen-reader labels: caption, column headers, action names, the sparkline as an image", async ({ page, dash }) => {
  await openDash(page, dash);
  const table = page.getByRole("table", { name: /^Jobs/ });
  await expect(table.getByRole("columnheader")).toHaveText(["Job", "Schedule", "Next run", "Last run", "Recent durations", "Actions"]);
  await expect(table.getByRole("row")).toHaveCount(5);
  const heartbeat = row(page, "heartbeat");
  await expect(heartbeat.getByRole("button", { name: "Run now heartbeat" })).toBeVisible();
  await expect(heartbeat.getByRole("button", { name: "Pause heartbeat" })).toBeVisible();
  await expect(heartbeat.getByRole("img")).toHaveAccessibleName(/^\d+ runs?: \d+ ms to \d+ ms, latest \d+ ms$/, { timeout: 6_000 });
  // One polite live region, and it starts silent.
  await expect(page.locator("[aria-live]")).toHaveCount(1);
  await expect(page.locator("#live")).toHaveAttribute("aria-live", "polite");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("the table fits with no sideways scroll, and its buttons work by touch", async ({ page, dash }) => {
    await openDash(page, dash);
    await expect(page.locator("#jobs tbody tr")).toHaveCount(4);
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
    for (const name of ["heartbeat", "nightly-backup", "weekly-report", "sync-invoices"]) {
      for (const label of [name, `Run now ${name}`, `Pause ${name}`]) {
        const box = (await row(page, name).getByRole("button", { name: label, exact: true }).boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(390);
        // Big enough for a finger.
        if (label !== name) expect(box.height).toBeGreaterThanOrEqual(44);
      }
    }
    const report = row(page, "weekly-report");
    await report.getByRole("button", { name: "Pause weekly-report" }).tap();
    await expect(report.getByText("Paused")).toBeVisible();
    await report.getByRole("button", { name: "weekly-report", exact: true }).tap();
    const dialog = page.getByRole("dialog", { name: "History of weekly-report" });
    await expect(dialog).toBeVisible();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // Its runs fit too: nothing to scroll sideways inside it either.
    await dialog.getByRole("button", { name: "Run now" }).tap();
    await expect(dialog.locator("#runs tbody tr")).toHaveCount(1);
    const runs = await dialog.getByRole("region", { name: "Runs" }).evaluate((e) => [e.scrollWidth, e.clientWidth]);
    expect(runs[0]).toBeLessThanOrEqual(runs[1]!);
    await dialog.getByRole("button", { name: "Close" }).tap();
    await expect(dialog).toBeHidden();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});

test("a wrong token shows the token form and no data", async ({ page, dash }) => {
  const calls: number[] = [];
  page.on("response", (r) => {
    if (r.url().includes("/api/")) calls.push(r.status());
  });
  await openDash(page, dash, "not-the-token");
  await expect(page.locator("#login")).toBeVisible();
  await expect(page.locator("#login-error")).toHaveText("The token was not accepted. Enter it again.");
  await expect(page.locator("#board")).toBeHidden();
  await expect(page.locator("#jobs tbody tr")).toHaveCount(0);
  const text = await page.locator("body").innerText();
  for (const name of ["heartbeat", "nightly-backup", "weekly-report", "sync-invoices"]) expect(text).not.toContain(name);
  expect(page.url()).toBe(dash.url);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  expect(calls).toEqual([401]);

  // Then the right one, typed in.
  await page.getByLabel("Admin token").fill(TOKEN);
  await page.getByRole("button", { name: "Open" }).click();
  await expect(page.locator("#jobs tbody tr")).toHaveCount(4);
  await expect(page.locator("#login-error")).toBeHidden();
});

test("without any token the page asks for one, showing no data", async ({ page, dash }) => {
  const calls: (string | undefined)[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/")) calls.push(r.headers()["authorization"]);
  });
  await page.goto(dash.url);
  await expect(page.locator("#login")).toBeVisible();
  await expect(page.locator("#login-error")).toBeHidden();
  await expect(page.locator("#board")).toBeHidden();
  await expect(page.locator("#jobs tbody tr")).toHaveCount(0);
  // It asked once, with no credentials (the server might not need any), and heard 401.
  expect(calls).toEqual([undefined]);
});

test("served open (auth: false) on loopback, the page needs no token", async ({ page }) => {
  const scheduler = new Scheduler();
  usualJobs(scheduler);
  // Job names are untrusted too.
  const hostile = `<img src=x onerror="window.pwned=1">`;
  scheduler.newJob(durationJob(3_600_000), () => {}, { name: hostile, tags: ["<b>tag</b>"] });
  const open = await startDash(scheduler, { auth: false, title: "Open <ops> board" });
  try {
    await page.goto(open.url);
    await expect(page.locator("#jobs tbody tr")).toHaveCount(5);
    await expect(page.locator("#login")).toBeHidden();
    await expect(row(page, hostile).locator(".tag")).toHaveText("<b>tag</b>");
    await expect(page.locator("#jobs img, #jobs b")).toHaveCount(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
    // adminApp's title is the page's heading too, as text.
    await expect(page).toHaveTitle("Open <ops> board");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Open <ops> board");
  } finally {
    await scheduler.shutdown();
    await open.close();
  }
});

test("a token refused mid-session (rotated on the server) clears the data and asks again", async ({ page }) => {
  let current = TOKEN;
  const scheduler = new Scheduler();
  usualJobs(scheduler);
  const rotating = await startDash(scheduler, { authorize: (request) => request.headers.get("authorization") === `Bearer ${current}` });
  try {
    await openDash(page, rotating);
    await expect(page.locator("#jobs tbody tr")).toHaveCount(4);
    current = "rotated-token-0123456789";
    // The stream drops, the page reconnects, hears 401.
    await rotating.close();
    await rotating.reopen();
    await expect(page.locator("#login")).toBeVisible({ timeout: 10_000 });
    await expect(page.locator("#login-error")).toHaveText("The token was not accepted. Enter it again.");
    await expect(page.locator("#jobs tbody tr")).toHaveCount(0);
    await expect(page.locator("#board")).toBeHidden();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.getByLabel("Admin token").fill(current);
    await page.keyboard.press("Enter");
    await expect(page.locator("#jobs tbody tr")).toHaveCount(4);
  } finally {
    await scheduler.shutdown();
    await rotating.close();
  }
});

test("read-only (readOnly: true): an action is refused and says why, nothing runs", async ({ page }) => {
  const scheduler = new Scheduler();
  usualJobs(scheduler);
  const readOnly = await startDash(scheduler, { token: TOKEN, readOnly: true });
  try {
    await openDash(page, readOnly);
    await row(page, "sync-invoices").getByRole("button", { name: "Run now sync-invoices" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Could not run" })).toHaveText(
      "Could not run sync-invoices: this admin API is read-only (readOnly: true): run refused",
    );
    await row(page, "weekly-report").getByRole("button", { name: "Pause weekly-report" }).click();
    await expect(page.locator("#notice")).toHaveText(/^Could not pause weekly-report: /);
    expect(readOnly.job("sync-invoices").history()).toEqual([]);
    expect(readOnly.job("weekly-report").isPaused()).toBe(false);
  } finally {
    await scheduler.shutdown();
    await readOnly.close();
  }
});
