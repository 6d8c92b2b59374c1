import { expect, test, type Page } from "@playwright/test";
import { open } from "./helpers.ts";

// Two tabs of one origin, each with a scheduler running the same every-second cron job behind
// a WebLocksElector: each occurrence runs once between them, and when the leader's tab closes
// the other takes over within a second.

const runsOf = (page: Page): Promise<number[]> => page.evaluate(() => window.runs);
const leaderChanges = (page: Page) => page.evaluate(() => window.leaderChanges);

test("two tabs run each occurrence once between them; closing the leader hands over", async ({ context }) => {
  const [first, second] = [await context.newPage(), await context.newPage()];
  for (const page of [first, second]) {
    await open(page, "/esm.html");
    await page.evaluate(() => window.scenarios.joinGroup(window.lib, window.webLocks, "tabs-group"));
  }
  await first.waitForTimeout(3_300);

  const [a, b] = [await runsOf(first), await runsOf(second)];
  // One tab ran everything, the other nothing; no instant twice.
  const [leader, follower, leaderRuns] = a.length > 0 ? [first, second, a] : [second, first, b];
  expect(a.length === 0 || b.length === 0).toBe(true);
  expect(leaderRuns.length).toBeGreaterThanOrEqual(2);
  expect(new Set([...a, ...b]).size).toBe(a.length + b.length);
  expect(leaderRuns.slice(1).map((at, i) => at - leaderRuns[i]!)).toEqual(leaderRuns.slice(1).map(() => 1000));
  expect((await leaderChanges(leader)).map((c) => c.leader)).toEqual([true]);
  expect(await leaderChanges(follower)).toEqual([]);

  const closedAt = Date.now();
  await leader.close();
  await follower.waitForFunction(() => window.leaderChanges.length > 0, null, { timeout: 1_000 });
  const [change] = await leaderChanges(follower);
  expect(change?.leader).toBe(true);
  expect(change!.at - closedAt).toBeLessThan(1_000);

  // The new leader runs every following second, and nothing the old one already ran.
  await follower.waitForTimeout(2_300);
  const taken = await runsOf(follower);
  expect(taken.length).toBeGreaterThanOrEqual(2);
  expect(taken[0]!).toBeLessThanOrEqual(Math.ceil(closedAt / 1000) * 1000 + 1000);
  expect(taken[0]!).toBeGreaterThan(leaderRuns.at(-1)!);
  expect(taken.slice(1).map((at, i) => at - taken[i]!)).toEqual(taken.slice(1).map(() => 1000));
  await follower.evaluate(() => window.jobScheduler?.shutdown());
});
