import { expect, test, type Page } from "@playwright/test";
import "./helpers.ts";

// The elector alone, in real tabs of one origin: one leader, the queue takes over when the
// leader's tab closes or it stops, and bad input is refused with the right code.

async function openTab(page: Page, name: string): Promise<void> {
  await page.goto("/elector.html");
  await page.waitForFunction(() => window.ready === true);
  await page.evaluate((lockName) => {
    window.changes = [];
    window.elector = new window.WebLocksElector({ name: lockName, onChange: (l: boolean) => window.changes?.push(l) });
  }, name);
}

const isLeader = (page: Page): Promise<boolean> => page.evaluate(() => window.elector!.isLeader());

test("one of two tabs leads; closing it hands over within a second", async ({ context }) => {
  const [a, b] = [await context.newPage(), await context.newPage()];
  await openTab(a, "t1");
  await openTab(b, "t1");
  expect(await isLeader(a)).toBe(true);
  expect(await isLeader(b)).toBe(false);
  expect(await isLeader(b)).toBe(false);

  const closed = Date.now();
  await a.close();
  await b.waitForFunction(() => window.changes?.at(-1) === true, null, { timeout: 1_000 });
  expect(Date.now() - closed).toBeLessThan(1_000);
  expect(await isLeader(b)).toBe(true);
  expect(await b.evaluate(() => window.changes)).toEqual([true]);
});

test("stop() releases the lock to the next tab and answers false from then on", async ({ context }) => {
  const [a, b, c] = [await context.newPage(), await context.newPage(), await context.newPage()];
  for (const page of [a, b, c]) await openTab(page, "t2");
  expect([await isLeader(a), await isLeader(b), await isLeader(c)]).toEqual([true, false, false]);

  await a.evaluate(() => window.elector!.stop());
  expect(await isLeader(a)).toBe(false);
  await b.waitForFunction(() => window.changes?.at(-1) === true, null, { timeout: 1_000 });
  expect([await isLeader(b), await isLeader(c)]).toEqual([true, false]);
  expect(await a.evaluate(() => window.changes)).toEqual([true, false]);

  // A follower that stops leaves the queue: it never becomes leader when the leader goes.
  await c.evaluate(() => window.elector!.stop());
  await b.close();
  await a.waitForTimeout(300);
  expect(await c.evaluate(() => window.changes)).toEqual([]);
  expect(await isLeader(c)).toBe(false);
});

test("different lock names elect independently", async ({ context }) => {
  const [a, b] = [await context.newPage(), await context.newPage()];
  await openTab(a, "t3-x");
  await openTab(b, "t3-y");
  expect([await isLeader(a), await isLeader(b)]).toEqual([true, true]);
});

test("bad names are refused with WebLocksNameInvalid", async ({ page }) => {
  await page.goto("/elector.html");
  await page.waitForFunction(() => window.ready === true);
  const codes = await page.evaluate(() =>
    ["", "-reserved"].map((name) => {
      try {
        new window.WebLocksElector({ name });
        return "none";
      } catch (error) {
        return (error as { code?: string }).code;
      }
    }),
  );
  expect(codes).toEqual(["WebLocksNameInvalid", "WebLocksNameInvalid"]);
});
