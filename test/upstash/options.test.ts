import { describe, expect, it } from "vitest";
import { Redis } from "@upstash/redis";
import { codeAndMessage } from "../support/thrown.ts";
import { UpstashElector, UpstashLocker } from "../../adapters/upstash/index.ts";

// Never contacted: construction validates options only.
const redis = new Redis({ url: "http://127.0.0.1:9", token: "unused", enableTelemetry: false });

describe("UpstashLocker and UpstashElector options", () => {
  it("accept defaults and every documented option", () => {
    expect(() => new UpstashLocker({ redis })).not.toThrow();
    expect(() => new UpstashLocker({ redis, prefix: "", ttlMs: 3, timeoutMs: 1 })).not.toThrow();
    expect(new UpstashElector({ redis }).key).toBe("isocron:leader");
    const elector = new UpstashElector({ redis, key: "k", ttlMs: 30, instanceId: "a", checkMs: 1, marginMs: 19, timeoutMs: 1 });
    expect(elector.instanceId).toBe("a");
    expect(() => new UpstashLocker({ redis, ttlMs: 2 ** 31 - 1, timeoutMs: 2 ** 31 - 1 })).not.toThrow();
    expect(() => new UpstashLocker({ redis, token: "scrub-me" })).not.toThrow();
  });

  it("accept url and token: https anywhere, http only on loopback or with allowInsecure", () => {
    for (const url of ["https://eu1-x.upstash.io", "http://127.0.0.1:8079", "http://localhost:8079", "http://[::1]:8079"]) {
      expect(() => new UpstashLocker({ url, token: "t" })).not.toThrow();
      expect(() => new UpstashElector({ url, token: "t" })).not.toThrow();
    }
    expect(() => new UpstashLocker({ url: "http://redis.internal:8079", token: "t", allowInsecure: true })).not.toThrow();
  });

  it("give each elector a random, non-numeric instance id by default", () => {
    const a = new UpstashElector({ redis }).instanceId;
    const b = new UpstashElector({ redis }).instanceId;
    expect(a).not.toBe(b);
    expect(a).toMatch(/^isocron-elector-[0-9a-f]{32}$/);
  });

  it.each([
    ["no options", () => new UpstashLocker(undefined as never), /UpstashLocker needs an options object, got undefined/],
    ["no connection", () => new UpstashLocker({} as never), /UpstashLocker needs url and token \(or redis, an @upstash\/redis client\)/],
    ["redis null", () => new UpstashLocker({ redis: null as never }), /option redis must be a Redis client from @upstash\/redis, got null/],
    ["a URL for redis", () => new UpstashLocker({ redis: "https://x.upstash.io" as never }), /option redis must be a Redis client.*got "https:\/\/x.upstash.io"/],
    ["ttlMs 0", () => new UpstashLocker({ redis, ttlMs: 0 }), /option ttlMs must be an integer number of ms from 3 to 2147483647, got 0/],
    ["ttlMs 1.5", () => new UpstashLocker({ redis, ttlMs: 1.5 }), /option ttlMs must be an integer number of ms from 3 to 2147483647, got 1.5/],
    ["ttlMs as a string", () => new UpstashLocker({ redis, ttlMs: "5000" as never }), /ttlMs must be .* got "5000"/],
    ["timeoutMs -1", () => new UpstashLocker({ redis, timeoutMs: -1 }), /option timeoutMs must be an integer number of ms from 1 to 2147483647, got -1/],
    ["prefix 7", () => new UpstashLocker({ redis, prefix: 7 as never }), /option prefix must be a string .* got 7/],
    ["an unknown option", () => new UpstashLocker({ redis, ttl: 5 } as never), /UpstashLocker has no option "ttl" \(known: redis, url, token, allowInsecure, prefix, ttlMs, timeoutMs, clock\)/],
    ["a clock without timers", () => new UpstashLocker({ redis, clock: { now: () => 0 } as never }), /option clock must have now\(\), setTimer\(\) and clearTimer\(\)/],
    ["elector key ''", () => new UpstashElector({ redis, key: "" }), /UpstashElector option key must be a non-empty string/],
    ["elector ttlMs 29", () => new UpstashElector({ redis, ttlMs: 29 }), /option ttlMs must be an integer number of ms from 30 to 2147483647, got 29/],
    ["elector instanceId ''", () => new UpstashElector({ redis, instanceId: "" }), /option instanceId must be a non-empty string/],
    ["elector checkMs 0", () => new UpstashElector({ redis, checkMs: 0 }), /option checkMs must be an integer number of ms from 1 to 2147483647, got 0/],
    ["elector marginMs too large", () => new UpstashElector({ redis, ttlMs: 3000, marginMs: 2000 }), /marginMs must be below two thirds of ttlMs \(3000\), got 2000/],
    ["ttlMs 2^33 (timers would fire at once)", () => new UpstashLocker({ redis, ttlMs: 2 ** 33 }), /option ttlMs must be an integer number of ms from 3 to 2147483647, got 8589934592/],
    ["timeoutMs 2^31", () => new UpstashLocker({ redis, timeoutMs: 2 ** 31 }), /option timeoutMs must be .* to 2147483647, got 2147483648/],
    ["elector ttlMs 2^31", () => new UpstashElector({ redis, ttlMs: 2 ** 31 }), /option ttlMs must be .* to 2147483647/],
    ["elector checkMs Infinity", () => new UpstashElector({ redis, checkMs: Infinity }), /option checkMs must be .* got Infinity/],
    ["elector timeoutMs 2^40", () => new UpstashElector({ redis, timeoutMs: 2 ** 40 }), /option timeoutMs must be .* to 2147483647/],
    ["elector marginMs 2^31", () => new UpstashElector({ redis, marginMs: 2 ** 31 }), /option marginMs must be .* to 2147483647/],
    ["both redis and url", () => new UpstashLocker({ redis, url: "https://x.upstash.io", token: "t" }), /either redis or url and token, not both/],
    ["url without token", () => new UpstashLocker({ url: "https://x.upstash.io" }), /option token must be a non-empty string/],
    ["a token with a newline", () => new UpstashElector({ url: "https://x.upstash.io", token: "abc\ndef" }), /option token must be a non-empty string without spaces, got a bad string/],
    ["http to a remote host", () => new UpstashLocker({ url: "http://redis.example.com", token: "t" }), /refuses http:\/\/redis.example.com: the token would travel in clear/],
    ["http to a remote host (elector)", () => new UpstashElector({ url: "http://10.0.0.5:8079", token: "t" }), /refuses http:\/\/10.0.0.5/],
    ["credentials in the url", () => new UpstashLocker({ url: "https://user:hunter2@x.upstash.io", token: "t" }), /must not carry credentials/],
    ["a ftp url", () => new UpstashLocker({ url: "ftp://x.upstash.io", token: "t" }), /must be https:\/\/, got "ftp:"/],
    ["not a url", () => new UpstashLocker({ url: "x.upstash.io", token: "t" }), /option url is not a URL/],
    ["allowInsecure 'yes'", () => new UpstashLocker({ url: "http://x", token: "t", allowInsecure: "yes" as never }), /allowInsecure must be a boolean/],
    ["elector unknown option", () => new UpstashElector({ redis, lease: 1 } as never), /UpstashElector has no option "lease"/],
  ])("reject %s with UpstashOptionsInvalid", (_label, make, message) => {
    const [code, text] = codeAndMessage(make);
    expect(code).toBe("UpstashOptionsInvalid");
    expect(text).toMatch(message);
  });
});
