import { describe, expect, test } from "vitest";
import { DurableObjectElector, DurableObjectLocker } from "../../adapters/cloudflare/index.ts";
import { MAX_TTL_MS } from "../../adapters/cloudflare/lease-args.ts";
import { MAX_TIMER_MS } from "../../src/clock.ts";
import { SchedulerError } from "../../src/errors.ts";

const TOKEN = "s3cret-token";
const HTTPS = "https://isocron.example.workers.dev";

function thrown(make: () => unknown): SchedulerError {
  let error: unknown;
  try {
    make();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SchedulerError);
  expect((error as SchedulerError).message).not.toContain(TOKEN);
  return error as SchedulerError;
}

const elector = (extra: Record<string, unknown>) => () => new DurableObjectElector({ url: HTTPS, token: TOKEN, name: "x", ...extra } as never);
const locker = (extra: Record<string, unknown>) => () => new DurableObjectLocker({ url: HTTPS, token: TOKEN, ...extra } as never);

describe("plain http: carries the token in clear, so only loopback or allowInsecure may use it", () => {
  test.each(["http://isocron.example.com", "http://10.0.0.7:8787", "http://[2001:db8::1]/base", "http://128.0.0.1"])("%s is refused", (url) => {
    const e = thrown(elector({ url }));
    expect(e.code).toBe("WithElectorInvalid");
    expect(e.message).toMatch(/plain http: to a host that is not loopback.*allowInsecure: true/);
    expect(e.message).not.toContain(url.slice(7));
    expect(thrown(locker({ url })).code).toBe("WithLockerInvalid");
  });

  test.each(["http://localhost:8787", "http://127.0.0.1:8787", "http://127.3.2.1", "http://[::1]:8787", "http://127.1"])("%s (loopback) is allowed", (url) => {
    expect(elector({ url })()).toBeInstanceOf(DurableObjectElector);
    expect(locker({ url })()).toBeInstanceOf(DurableObjectLocker);
  });

  test("allowInsecure: true allows any host; it must be a boolean", () => {
    expect(elector({ url: "http://isocron.internal", allowInsecure: true })()).toBeInstanceOf(DurableObjectElector);
    expect(locker({ url: "http://isocron.internal", allowInsecure: true })()).toBeInstanceOf(DurableObjectLocker);
    expect(thrown(elector({ url: "http://isocron.internal", allowInsecure: false })).code).toBe("WithElectorInvalid");
    expect(thrown(elector({ allowInsecure: "yes" })).message).toMatch(/allowInsecure must be a boolean, got "yes"/);
  });
});

describe("options are checked at construction: a SchedulerError, never a TypeError later", () => {
  test.each([
    [{ clock: {} }, /clock must have now\(\), setTimer\(\) and clearTimer\(\), got an object/],
    [{ clock: null }, /clock must have now/],
    [{ clock: { now: () => 0, setTimer: 5, clearTimer: () => undefined } }, /clock must have now/],
    [{ timeoutMs: 0 }, /timeoutMs must be a number of ms in \[1, 20000\], got 0/],
    [{ timeoutMs: Number.NaN }, /timeoutMs must be .*got NaN/],
    [{ timeoutMs: "5000" }, /timeoutMs must be .*got "5000"/],
    [{ timeoutMs: 20_001 }, /timeoutMs must be .*got 20001/],
    [{ ttlMs: 2 ** 31 }, /ttlMs must be a number of ms in \(0, 2073600000\], got 2147483648/],
    [{ ttlMs: 2 ** 33 }, /ttlMs must be/],
  ])("elector %o", (extra, pattern) => {
    const e = thrown(elector(extra));
    expect(e.code).toBe("WithElectorInvalid");
    expect(e.message).toMatch(pattern);
  });

  test.each([
    [{ clock: "system" }, /clock must have now/],
    [{ timeoutMs: -1 }, /timeoutMs must be a number of ms in \[1, 2073600000\], got -1/],
    [{ timeoutMs: Infinity }, /timeoutMs must be .*got Infinity/],
  ])("locker %o", (extra, pattern) => {
    const e = thrown(locker(extra));
    expect(e.code).toBe("WithLockerInvalid");
    expect(e.message).toMatch(pattern);
  });

  test("every TTL-derived timer stays within what setTimeout honours", () => {
    expect(MAX_TTL_MS).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(elector({ ttlMs: MAX_TTL_MS })()).toBeInstanceOf(DurableObjectElector);
  });
});

describe("bad arguments to lock() and isLeader() reject with a SchedulerError, sending nothing", () => {
  let sent = 0;
  const fetch = async (): Promise<Response> => {
    sent++;
    return Response.json({ held: true, remainingMs: 1000, fence: 1 });
  };
  const l = new DurableObjectLocker({ url: HTTPS, token: TOKEN, fetch });
  const e = new DurableObjectElector({ url: HTTPS, token: TOKEN, name: "x", fetch });

  test.each([
    [Symbol("k"), { ttlMs: 1000 }, /key must be a string, got a Symbol/],
    [42, { ttlMs: 1000 }, /key must be a string, got 42/],
    [{ toString: () => "k" }, { ttlMs: 1000 }, /key must be a string, got an object/],
    ["k", null, /lock needs an options object with ttlMs, got null/],
    ["k", undefined, /lock needs an options object with ttlMs, got undefined/],
    ["k", {}, /ttlMs must be a number of ms in \(0, 2073600000\], got undefined/],
    ["k", { ttlMs: Number.NaN }, /ttlMs must be .*got NaN/],
    ["k", { ttlMs: 2 ** 31 }, /ttlMs must be .*got 2147483648/],
    ["k", { ttlMs: 1000, signal: { aborted: false } }, /signal must be an AbortSignal, got an object/],
    ["", { ttlMs: 1000 }, /lease name must be a string of 1 to 512 characters, got ""/],
  ])("lock(%o, %o)", async (key, options, pattern) => {
    const error = await l.lock(key as never, options as never).catch((x: unknown) => x);
    expect(error).toBeInstanceOf(SchedulerError);
    expect((error as SchedulerError).code).toBe("LockerFailed");
    expect((error as SchedulerError).message).toMatch(pattern);
    expect(sent).toBe(0);
  });

  test("a fetch option that throws or returns no Response fails the call with the reason", async () => {
    const broken = [
      [() => { throw new TypeError("boom"); }, /failed: network error$/],
      [async () => ({ ok: true }), /failed: the fetch option did not return a Response$/],
      [() => "nothing", /failed: the fetch option did not return a Response$/],
    ] as const;
    for (const [fetch, pattern] of broken) {
      const error = await new DurableObjectLocker({ url: HTTPS, token: TOKEN, fetch: fetch as never }).lock("k", { ttlMs: 1000 }).catch((x: unknown) => x);
      expect((error as SchedulerError).code).toBe("LockerFailed");
      expect((error as SchedulerError).message).toMatch(pattern);
    }
  });

  test("isLeader with a look-alike signal", async () => {
    const error = await e.isLeader({ aborted: false } as never).catch((x: unknown) => x);
    expect((error as SchedulerError).code).toBe("ElectorFailed");
    expect((error as SchedulerError).message).toMatch(/signal must be an AbortSignal, got an object/);
    expect(sent).toBe(0);
    expect(await e.isLeader()).toBe(true);
    expect(sent).toBe(1);
  });
});
