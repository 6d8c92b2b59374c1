import { describe, expect, it } from "vitest";
import { Redis } from "@upstash/redis";
import { SchedulerError } from "../../src/errors.ts";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";

// Never contacted: construction validates options only.
const redis = new Redis({ url: "http://127.0.0.1:9", token: "unused", enableTelemetry: false });

function codeAndMessage(make: () => unknown): [string, string] {
  try {
    make();
  } catch (error) {
    if (error instanceof SchedulerError) return [error.code, error.message];
    throw error;
  }
  throw new Error("expected a SchedulerError");
}

describe("UpstashLocker and UpstashElector options", () => {
  it("accept defaults and every documented option", () => {
    expect(() => new UpstashLocker({ redis })).not.toThrow();
    expect(() => new UpstashLocker({ redis, prefix: "", ttlMs: 3, timeoutMs: 1 })).not.toThrow();
    expect(new UpstashElector({ redis }).key).toBe("isocron:leader");
    const elector = new UpstashElector({ redis, key: "k", ttlMs: 30, instanceId: "a", checkMs: 1, marginMs: 19, timeoutMs: 1 });
    expect(elector.instanceId).toBe("a");
  });

  it("give each elector a random, non-numeric instance id by default", () => {
    const a = new UpstashElector({ redis }).instanceId;
    const b = new UpstashElector({ redis }).instanceId;
    expect(a).not.toBe(b);
    expect(a).toMatch(/^isocron-elector-[0-9a-f]{32}$/);
  });

  it.each([
    ["no options", () => new UpstashLocker(undefined as never), /UpstashLocker needs an options object, got undefined/],
    ["no redis", () => new UpstashLocker({} as never), /option redis must be a Redis client from @upstash\/redis, got undefined/],
    ["a URL for redis", () => new UpstashLocker({ redis: "https://x.upstash.io" as never }), /option redis must be a Redis client.*got "https:\/\/x.upstash.io"/],
    ["ttlMs 0", () => new UpstashLocker({ redis, ttlMs: 0 }), /option ttlMs must be an integer number of ms >= 3, got 0/],
    ["ttlMs 1.5", () => new UpstashLocker({ redis, ttlMs: 1.5 }), /option ttlMs must be an integer number of ms >= 3, got 1.5/],
    ["ttlMs as a string", () => new UpstashLocker({ redis, ttlMs: "5000" as never }), /ttlMs must be .* got "5000"/],
    ["timeoutMs -1", () => new UpstashLocker({ redis, timeoutMs: -1 }), /option timeoutMs must be an integer number of ms >= 1, got -1/],
    ["prefix 7", () => new UpstashLocker({ redis, prefix: 7 as never }), /option prefix must be a string .* got 7/],
    ["an unknown option", () => new UpstashLocker({ redis, ttl: 5 } as never), /UpstashLocker has no option "ttl" \(known: redis, prefix, ttlMs, timeoutMs, clock\)/],
    ["a clock without timers", () => new UpstashLocker({ redis, clock: { now: () => 0 } as never }), /option clock must have now\(\), setTimer\(\) and clearTimer\(\)/],
    ["elector key ''", () => new UpstashElector({ redis, key: "" }), /UpstashElector option key must be a non-empty string/],
    ["elector ttlMs 29", () => new UpstashElector({ redis, ttlMs: 29 }), /option ttlMs must be an integer number of ms >= 30, got 29/],
    ["elector instanceId ''", () => new UpstashElector({ redis, instanceId: "" }), /option instanceId must be a non-empty string/],
    ["elector checkMs 0", () => new UpstashElector({ redis, checkMs: 0 }), /option checkMs must be an integer number of ms >= 1, got 0/],
    ["elector marginMs too large", () => new UpstashElector({ redis, ttlMs: 3000, marginMs: 2000 }), /marginMs must be below two thirds of ttlMs \(3000\), got 2000/],
    ["elector unknown option", () => new UpstashElector({ redis, lease: 1 } as never), /UpstashElector has no option "lease"/],
  ])("reject %s with UpstashOptionsInvalid", (_label, make, message) => {
    const [code, text] = codeAndMessage(make);
    expect(code).toBe("UpstashOptionsInvalid");
    expect(text).toMatch(message);
  });
});
