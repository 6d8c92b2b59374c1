import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { post, sleep, startWorker } from "./harness.ts";

let mf: Miniflare;
beforeAll(async () => {
  mf = await startWorker();
});
afterAll(() => mf?.dispose());

let seq = 0;
const fresh = (): { object: string; name: string } => ({ object: `lease-test-${++seq}`, name: "leader" });
const acquire = (at: { object: string; name: string }, holder: string, ttlMs = 10_000) => post(mf, "/lease/acquire", { ...at, holder, ttlMs });
const renew = (at: { object: string; name: string }, holder: string, ttlMs = 10_000) => post(mf, "/lease/renew", { ...at, holder, ttlMs });
const release = (at: { object: string; name: string }, holder: string, graceMs?: number) => post(mf, "/lease/release", { ...at, holder, graceMs });

describe("LeaseObject in workerd, through the Worker's lease routes", () => {
  test("40 concurrent acquirers: exactly one holds the lease", async () => {
    const at = fresh();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => acquire(at, `holder-${i}`)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const winners = answers.filter((a) => a.json.held);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.json).toEqual({ held: true, remainingMs: 10_000, fence: 1 });
    for (const loser of answers.filter((a) => !a.json.held)) {
      expect(loser.json.fence).toBe(0);
      expect(loser.json.remainingMs).toBeGreaterThan(9_000);
      expect(loser.json.remainingMs).toBeLessThanOrEqual(10_000);
    }
  });

  test("the holder acquiring again extends its lease and keeps its fencing token", async () => {
    const at = fresh();
    expect((await acquire(at, "a")).json).toEqual({ held: true, remainingMs: 10_000, fence: 1 });
    expect((await acquire(at, "a", 20_000)).json).toEqual({ held: true, remainingMs: 20_000, fence: 1 });
  });

  test("an expired lease goes to the next acquirer with a higher fencing token", async () => {
    const at = fresh();
    expect((await acquire(at, "a", 300)).json.held).toBe(true);
    expect((await acquire(at, "b", 300)).json.held).toBe(false);
    await sleep(450);
    expect((await acquire(at, "b", 300)).json).toEqual({ held: true, remainingMs: 300, fence: 2 });
    // The old holder lost it: renewing fails.
    expect((await renew(at, "a")).json.held).toBe(false);
  });

  test("only the holder renews, and not after expiry", async () => {
    const at = fresh();
    await acquire(at, "a", 5_000);
    const byOther = (await renew(at, "b")).json;
    expect(byOther.held).toBe(false);
    expect(byOther.remainingMs).toBeGreaterThan(0);
    expect((await renew(at, "a", 300)).json).toEqual({ held: true, remainingMs: 300, fence: 1 });
    await sleep(450);
    expect((await renew(at, "a", 300)).json).toEqual({ held: false, remainingMs: 0, fence: 0 });
  });

  test("renewal keeps a lease alive past its first TTL", async () => {
    const at = fresh();
    await acquire(at, "a", 900);
    await sleep(400);
    expect((await renew(at, "a", 900)).json.held).toBe(true);
    await sleep(650);
    // Over 1 s after taking a 900 ms lease: still held thanks to the renewal.
    expect((await acquire(at, "b", 900)).json.held).toBe(false);
  });

  test("only the holder releases; the lease then ends graceMs later, and another takes it", async () => {
    const at = fresh();
    await acquire(at, "a");
    expect((await release(at, "b", 0)).json).toBe(false);
    expect((await acquire(at, "b")).json.held).toBe(false);
    expect((await release(at, "a", 800)).json).toBe(true);
    const during = (await acquire(at, "b")).json;
    expect(during.held).toBe(false);
    expect(during.remainingMs).toBeGreaterThan(0);
    expect(during.remainingMs).toBeLessThanOrEqual(800);
    await sleep(850);
    expect((await release(at, "a", 800)).json).toBe(false);
    expect((await acquire(at, "b")).json).toEqual({ held: true, remainingMs: 10_000, fence: 2 });
  });

  test("a release without graceMs (an older client) leaves the lease to run out; graceMs 0 frees it at once", async () => {
    const at = fresh();
    await acquire(at, "a");
    expect((await release(at, "a")).json).toBe(true);
    expect((await acquire(at, "b")).json.remainingMs).toBeGreaterThan(9_000);
    expect((await release(at, "a", 0)).json).toBe(true);
    expect((await acquire(at, "b")).json).toEqual({ held: true, remainingMs: 10_000, fence: 2 });
  });

  test("a release with a bad graceMs gets 400 and changes nothing", async () => {
    const at = fresh();
    await acquire(at, "a");
    for (const graceMs of [-1, "300", null, 1e300, true]) {
      const answer = await post(mf, "/lease/release", { ...at, holder: "a", graceMs });
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatch(/^graceMs must be a number of ms in \[0, 2073600000\], got /);
    }
    expect((await acquire(at, "b")).json.remainingMs).toBeGreaterThan(9_000);
  });

  test("leases with different names in one object are independent", async () => {
    const { object } = fresh();
    expect((await acquire({ object, name: "x" }, "a")).json.held).toBe(true);
    expect((await acquire({ object, name: "y" }, "b")).json.held).toBe(true);
    expect((await acquire({ object, name: "x" }, "b")).json.held).toBe(false);
  });

  test("malformed requests get 400 and name the problem, unknown ops 404", async () => {
    const at = fresh();
    const noTtl = await post(mf, "/lease/acquire", { ...at, holder: "a" });
    expect(noTtl.status).toBe(400);
    expect(noTtl.json.error).toMatch(/ttlMs must be a number/);
    expect((await post(mf, "/lease/acquire", { ...at, holder: "a", ttlMs: -5 })).status).toBe(400);
    expect((await post(mf, "/lease/acquire", { ...at, holder: "", ttlMs: 1000 })).json.error).toMatch(/holder must be/);
    expect((await post(mf, "/lease/acquire", { name: "n", holder: "a", ttlMs: 1000 })).json.error).toMatch(/object must be/);
    expect((await post(mf, "/lease/acquire", [1, 2])).status).toBe(400);
    expect((await post(mf, "/lease/steal", { ...at, holder: "a", ttlMs: 1000 })).status).toBe(404);
  });

  test("a request body over 64 KB is refused with 413 and nothing is taken", async () => {
    const at = fresh();
    const big = await post(mf, "/lease/acquire", { ...at, holder: "a", ttlMs: 1000, pad: "x".repeat(70_000) });
    expect(big).toEqual({ status: 413, json: { error: "body must be at most 65536 bytes" } });
    expect((await acquire(at, "b")).json).toEqual({ held: true, remainingMs: 10_000, fence: 1 });
  });
});
