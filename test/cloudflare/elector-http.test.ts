import type { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DurableObjectElector } from "../../adapters/cloudflare/index.ts";
import { SchedulerError } from "../../src/errors.ts";
import { FakeClock } from "../../src/fake-clock.ts";
import { spyOnFetch } from "./fetch-spy.ts";
import { post, sleep, startWorker, TOKEN } from "./harness.ts";

let mf: Miniflare;
let url: string;
beforeAll(async () => {
  mf = await startWorker();
  url = (await mf.ready).href;
});
afterAll(() => mf?.dispose());

const fetches = spyOnFetch();
let seq = 0;
const START = Date.UTC(2026, 0, 1);

function elector(name: string, clock: FakeClock, ttlMs = 10_000, marginMs?: number): DurableObjectElector {
  return new DurableObjectElector({ url, token: TOKEN, name, ttlMs, clock, instanceId: `node-${++seq}`, ...(marginMs === undefined ? {} : { marginMs }) });
}

async function rejection(promise: Promise<unknown>): Promise<SchedulerError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SchedulerError);
  return error as SchedulerError;
}

describe("DurableObjectElector over HTTP from Node against the Worker in workerd", () => {
  test("one leads, a second follows until the first stops", async () => {
    const clockA = new FakeClock(START);
    const clockB = new FakeClock(START);
    const a = elector("http-leader-1", clockA);
    const b = elector("http-leader-1", clockB);
    expect(await a.isLeader()).toBe(true);
    expect(await b.isLeader()).toBe(false);

    // Cached: many due jobs cost no requests while the lease is trusted.
    const before = fetches.count();
    const answers = await Promise.all(Array.from({ length: 50 }, () => a.isLeader()));
    expect(answers.every(Boolean)).toBe(true);
    expect(await b.isLeader()).toBe(false);
    expect(fetches.count()).toBe(before);

    // Past the margin the leader renews (one request) and keeps leading.
    await clockA.advance(10_000 - 10_000 / 3);
    expect(await a.isLeader()).toBe(true);
    expect(fetches.count()).toBe(before + 1);

    await clockB.advance(10_000 / 3);
    expect(await b.isLeader()).toBe(false);

    await a.stop();
    expect(await a.isLeader()).toBe(false);
    // The released lease still lasts marginMs (in the object's real time): b asks and follows.
    await clockB.advance(10_000 / 3);
    const beforeAsk = fetches.count();
    expect(await b.isLeader()).toBe(false);
    expect(fetches.count()).toBe(beforeAsk + 1);
    await b.stop();
  });

  test("after stop() the lease lasts marginMs more, then the follower takes it", async () => {
    const clockB = new FakeClock(START);
    const a = elector("http-leader-grace", new FakeClock(START), 10_000, 1_000);
    const b = elector("http-leader-grace", clockB, 10_000, 1_000);
    expect(await a.isLeader()).toBe(true);
    await a.stop();
    const stoppedAt = Date.now();
    // Asked at once: the lease is still a's for up to 1000 ms (never 0, never the full TTL).
    const asked = post(mf, "/lease/acquire", { object: "http-leader-grace", name: "http-leader-grace", holder: "probe", ttlMs: 10_000 });
    const probe = (await asked).json;
    expect(probe.held).toBe(false);
    expect(probe.remainingMs).toBeGreaterThan(0);
    expect(probe.remainingMs).toBeLessThanOrEqual(1_000);
    expect(await b.isLeader()).toBe(false);
    await sleep(Math.max(0, 1_050 - (Date.now() - stoppedAt)));
    await clockB.advance(1_000);
    expect(await b.isLeader()).toBe(true);
    await b.stop();
  });

  test("concurrent isLeader calls share one request", async () => {
    const a = elector("http-leader-2", new FakeClock(START));
    const before = fetches.count();
    const answers = await Promise.all(Array.from({ length: 20 }, () => a.isLeader()));
    expect(answers).toEqual(Array.from({ length: 20 }, () => true));
    expect(fetches.count()).toBe(before + 1);
    await a.stop();
  });

  test("a leader that vanishes without stopping is replaced once its lease expires", async () => {
    const a = elector("http-leader-3", new FakeClock(START), 600);
    const clockB = new FakeClock(START);
    const b = elector("http-leader-3", clockB, 600);
    expect(await a.isLeader()).toBe(true);
    expect(await b.isLeader()).toBe(false);
    await sleep(800);
    await clockB.advance(600);
    expect(await b.isLeader()).toBe(true);
    await b.stop();
  });

  test("await using releases the lease", async () => {
    const clockB = new FakeClock(START);
    const b = elector("http-leader-4", clockB, 10_000, 300);
    {
      const a = elector("http-leader-4", new FakeClock(START), 10_000, 300);
      expect(await a.isLeader()).toBe(true);
      await (a as unknown as Record<symbol, () => Promise<void>>)[Symbol.asyncDispose]!();
    }
    // Released with a 300 ms grace, not left for the full 10 s TTL.
    await sleep(350);
    expect(await b.isLeader()).toBe(true);
    await b.stop();
  });

  test("a leader that cannot renew steps down with ElectorFailed, naming neither URL nor token", async () => {
    const own = await startWorker();
    const ownUrl = (await own.ready).href;
    const clock = new FakeClock(START);
    const a = new DurableObjectElector({ url: ownUrl, token: TOKEN, name: "http-leader-5", ttlMs: 3_000, clock });
    expect(await a.isLeader()).toBe(true);
    await own.dispose();
    await clock.advance(2_000);
    const error = await rejection(a.isLeader());
    expect(error.code).toBe("ElectorFailed");
    expect(error.message).toContain('"http-leader-5"');
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain(ownUrl.replace(/\/$/, ""));
    // Stepped down: no cached leadership survives the failure.
    expect(await rejection(a.isLeader())).toMatchObject({ code: "ElectorFailed" });
  });

  test("a wrong token is refused: ElectorFailed says 401 and never shows the token", async () => {
    const a = new DurableObjectElector({ url, token: "wrong-secret-token", name: "http-leader-6" });
    const error = await rejection(a.isLeader());
    expect(error.code).toBe("ElectorFailed");
    expect(error.message).toMatch(/401/);
    expect(error.message).not.toContain("wrong-secret-token");
  });

  test("an aborted signal rejects without asking", async () => {
    const a = elector("http-leader-7", new FakeClock(START));
    const before = fetches.count();
    const error = await rejection(a.isLeader(AbortSignal.abort()));
    expect(error.code).toBe("ElectorFailed");
    expect(error.message).toMatch(/aborted/);
    expect(fetches.count()).toBe(before);
  });

  test("bad options throw WithElectorInvalid at construction, hiding secrets", () => {
    const invalid = (options: unknown, pattern: RegExp): void => {
      let error: unknown;
      try {
        new DurableObjectElector(options as never);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SchedulerError);
      expect((error as SchedulerError).code).toBe("WithElectorInvalid");
      expect((error as SchedulerError).message).toMatch(pattern);
      expect((error as SchedulerError).message).not.toContain("s3cret");
    };
    invalid({ name: "x" }, /url must be an absolute/);
    invalid({ url: "https://user:s3cret@example.com", token: "t", name: "x" }, /must not carry credentials/);
    invalid({ url: "ftp://example.com", token: "t", name: "x" }, /http or https, got "ftp:"/);
    invalid({ url, token: "", name: "x" }, /token must be/);
    invalid({ url, token: "s3cret with space", name: "x" }, /token must be/);
    invalid({ url, token: "t", name: "" }, /lease name must be .*got ""/);
    invalid({ url, token: "t", name: "x", ttlMs: 0 }, /ttlMs must be .*got 0/);
    invalid({ url, token: "t", name: "x", ttlMs: 1000, marginMs: 1000 }, /marginMs must be .*got 1000/);
    invalid({ url, token: "t", name: "x", instanceId: "" }, /instanceId must be .*got ""/);
    invalid({ namespace: {}, name: "x" }, /namespace must be a Durable Object namespace/);
    invalid(null, /needs an options object/);
  });
});
