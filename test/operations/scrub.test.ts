import { describe, expect, it } from "vitest";
import { DenoKvLocker, type DenoKv } from "../../adapters/deno-kv/index.ts";
import { failure, scrub as scrubNetwork } from "../../adapters/shared/scrub.ts";
import { durationJob } from "../../src/definitions/duration.ts";
import type { SchedulerError } from "../../src/errors.ts";
import { errorOf } from "../../src/history.ts";
import { scrub } from "../../src/scrub.ts";
import { FakeKv } from "../deno-kv/fake-kv.ts";
import { T0, setup } from "../scheduler/helpers.ts";

// One set of masking rules, src/scrub.ts, holds in both places that keep or report text that may
// carry a secret: run history (a task's error) and the network adapters (a Redis or KV error).
const CASES: readonly (readonly [rule: string, text: string, masked: string])[] = [
  ["a bearer token", "401 from upstream: Bearer tok-123.abc,def rejected", "401 from upstream: Bearer *** rejected"],
  ["a bearer token in an Authorization pair", "sent Authorization: Bearer tok-123", "sent Authorization: *** ***"],
  ["a URL's user and password", "connect https://svc:s3cret@kv.example/v1 failed", "connect https://***@kv.example/v1 failed"],
  ["URL credentials without a scheme", "redirected to //admin:pw@cdn.example/x", "redirected to //***@cdn.example/x"],
  ["a token=... pair", "GET /v1?token=t0k3n&x=1 failed", "GET /v1?token=***&x=1 failed"],
  ["a password: ... pair", "config password: hunter2, retrying", "config password: ***, retrying"],
  ["a key=... pair inside a longer word", "api_key=sk-1; AUTH_SECRET = abc", "api_key=***; AUTH_SECRET = ***"],
  ["diagnostic words after key or auth without = or :", "NOAUTH Authentication required.", "NOAUTH Authentication required."],
  ["a Redis error naming a key", "WRONGTYPE Operation against a key holding the wrong kind of value", "WRONGTYPE Operation against a key holding the wrong kind of value"],
];

describe("one scrubber for run history and the network adapters", () => {
  for (const [rule, text, masked] of CASES) {
    it(`${rule}: ${JSON.stringify(masked)} in the core, in run history and in an adapter's error and its cause`, () => {
      expect(scrub(text)).toBe(masked);
      expect(errorOf(new TypeError(text))).toEqual({ name: "TypeError", message: masked });
      expect(scrubNetwork(text)).toBe(masked);
      const error = failure("LockerFailed", "RedisLocker could not take lock \"job@1\"", new TypeError(text), []);
      expect(error.message).toBe(`[isocron] LockerFailed: RedisLocker could not take lock "job@1": TypeError: ${masked}`);
      expect((error.cause as Error).message).toBe(masked);
    });
  }

  // The three rules at once, end to end: a task's error as job.history() keeps it, a KV error as DenoKvLocker reports it.
  const LEAKY = "GET https://svc:pa55@api.example/v1?token=t0k3n&x=1 with Authorization: Bearer eyJ.abc failed";
  const MASKED = "GET https://***@api.example/v1?token=***&x=1 with Authorization: *** *** failed";

  it("a task throwing an error with a URL password, a token=... pair and a bearer token: job.history() keeps it masked", async () => {
    const { clock, scheduler } = setup();
    const job = scheduler.newJob(durationJob(1000), () => { throw new Error(LEAKY); }, { name: "leaky" });
    scheduler.start();
    await clock.advance(1000);
    expect(job.history()).toEqual([{
      runId: `leaky@${T0 + 1000}`, scheduledAt: T0 + 1000, startedAt: T0 + 1000, endedAt: T0 + 1000, durationMs: 0,
      outcome: "error", attempts: 1, error: { name: "Error", message: MASKED }, instanceId: scheduler.instanceId,
    }]);
    await scheduler.shutdown();
  });

  it("a KV failing with the same text: DenoKvLocker's LockerFailed and its cause are masked the same way", async () => {
    const kv: DenoKv = { ...new FakeKv(setup().clock).connect().kv, getMany: () => Promise.reject(new Error(LEAKY)) };
    const error = await new DenoKvLocker({ kv }).lock("job@1", { ttlMs: 6_000 }).then(() => null, (e: SchedulerError) => e);
    expect(error?.code).toBe("LockerFailed");
    expect(error?.message).toBe(`[isocron] LockerFailed: DenoKvLocker could not take lock "job@1": Error: ${MASKED}`);
    expect((error?.cause as Error).message).toBe(MASKED);
  });

  it("history masks before it cuts at 200 characters: a URL password across the cut is masked, not left half shown", () => {
    const text = `${"x".repeat(180)} https://user:hunter2@host/ then more`;
    expect(errorOf(new Error(text)).message).toBe(`${"x".repeat(180)} https://***@host...`);
    expect(errorOf(new Error(`${"y".repeat(195)} Bearer abc`)).message).toBe(`${"y".repeat(195)} B...`);
  });

  it("masking twice changes nothing", () => {
    for (const [, , masked] of CASES) expect(scrub(masked)).toBe(masked);
  });

  it("the adapters add what only a network client knows: the secrets it was given, the client's command tail, a cut at 300 characters", () => {
    expect(scrubNetwork("ERR auth failed for AXk9=tok, command was: [EVAL x lock-token-1]", ["AXk9=tok"])).toBe("ERR auth failed for ***");
    expect(scrubNetwork(`${"x".repeat(400)} Bearer tok`)).toBe(`${"x".repeat(297)}...`);
  });

  it("the work stays linear on hostile text: 100,000 characters of near-matches in well under a second (a keyword pattern that backtracks takes ~1 s on the first alone)", () => {
    const hostile = ["auth".repeat(25_000), "//".repeat(50_000), `//${"a".repeat(99_998)}`, `token${" ".repeat(99_995)}`, `Bearer${" ".repeat(99_994)}`];
    const started = performance.now();
    for (const text of hostile) expect(scrub(text)).toBe(text);
    expect(performance.now() - started).toBeLessThan(250);
  });
});
