import type { Page } from "@playwright/test";
import { FAILURE, TOKEN, expect, openDash, row, test } from "./fixture.ts";

/** What has the focus: its accessible-ish name, and whether the focus is drawn. */
function focused(page: Page) {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    const style = e ? getComputedStyle(e) : null;
    return {
      id: e?.id ?? "",
      text: (e?.textContent ?? "").trim(),
      visible: !!e && e.matches(":focus-visible") && style!.outlineStyle !== "none" && parseFloat(style!.outlineWidth) >= 2,
    };
  });
}

/** Presses Tab until the focused element's text is `text` (at most `limit` times). */
async function tabTo(page: Page, text: string, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if ((await focused(page)).text === text) return;
  }
  throw new Error(`Tab never reached "${text}"`);
}

test("the whole flow with the keyboard only", async ({ page, dash }) => {
  await openDash(page, dash);
  await expect(page.locator("#jobs tbody tr")).toHaveCount(4);

  // To the failing job's name: a real button, with a drawn focus ring.
  await tabTo(page, "sync-invoices");
  expect((await focused(page)).visible).toBe(true);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "History of sync-invoices" });
  await expect(dialog).toBeVisible();
  // Focus moved into the dialog.
  expect(await focused(page)).toMatchObject({ id: "close", visible: true });

  // Run now, from inside the history: the failure arrives while the focus stays put.
  await page.keyboard.press("Tab");
  expect(await focused(page)).toMatchObject({ id: "d-run", visible: true });
  await page.keyboard.press("Enter");
  await expect(dialog.locator("#runs tbody tr .err")).toHaveText(`Error: ${FAILURE}`);
  expect((await focused(page)).id).toBe("d-run");

  // Pause with Space, resume with Enter; the button keeps the focus as its label flips.
  await page.keyboard.press("Tab");
  expect(await focused(page)).toMatchObject({ id: "d-pause", text: "Pause" });
  await page.keyboard.press("Space");
  await expect(dialog.locator("#history-next")).toHaveText("Paused: no runs until resumed.");
  expect(await focused(page)).toMatchObject({ id: "d-pause", text: "Resume" });
  await expect(row(page, "sync-invoices").locator("td").nth(2)).toHaveText(/Paused/);
  await page.keyboard.press("Enter");
  await expect(dialog.locator("#history-next")).toHaveText(/^Next runs: /);
  expect(dash.job("sync-invoices").isPaused()).toBe(false);

  // Escape closes it and gives the focus back to the job's name.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(await focused(page)).toMatchObject({ text: "sync-invoices", visible: true });

  // The row's own buttons: pause the job from the table.
  await page.keyboard.press("Tab");
  expect((await focused(page)).text).toBe("Run now sync-invoices");
  await page.keyboard.press("Tab");
  expect((await focused(page)).text).toBe("Pause sync-invoices");
  await page.keyboard.press("Enter");
  await expect(row(page, "sync-invoices").locator("td").nth(2)).toHaveText(/Paused/);
  expect(await focused(page)).toMatchObject({ text: "Resume sync-invoices", visible: true });
  expect(dash.job("sync-invoices").isPaused()).toBe(true);

  // The heartbeat's row changes every second: its updates never take the focus away.
  const runs = dash.job("heartbeat").history().length;
  await expect.poll(() => dash.job("heartbeat").history().length, { timeout: 6_000 }).toBeGreaterThan(runs);
  await page.waitForTimeout(300);
  expect((await focused(page)).text).toBe("Resume sync-invoices");
});

test("the token form works with the keyboard alone", async ({ page, dash }) => {
  await page.goto(dash.url);
  // Asked for once the API has refused the page's first, tokenless call: the field focused.
  await expect.poll(async () => (await focused(page)).id).toBe("token");
  await page.keyboard.type(TOKEN);
  await page.keyboard.press("Enter");
  await expect(page.locator("#jobs tbody tr")).toHaveCount(4);
  await expect(page.locator("#login")).toBeHidden();
});
