import { describe, expect, it } from "vitest";
import { durationJob } from "../../src/definitions/duration.ts";
import type { JobOptions } from "../../src/options.ts";
import { Scheduler } from "../../src/scheduler.ts";
import { codeOf, setup } from "../scheduler/helpers.ts";

const job = (s: Scheduler, options: unknown) => () => s.newJob(durationJob(1000), () => {}, options as JobOptions);

describe("the operations options are checked at newJob / new Scheduler", () => {
  it("timeoutMs: a whole number of ms from 1 to 2^31-1, else WithTimeoutInvalid", () => {
    const { scheduler } = setup();
    for (const bad of [0, -1, 1.5, 2 ** 31, Number.NaN, Infinity, "100", null]) {
      expect(codeOf(job(scheduler, { timeoutMs: bad })), String(bad)).toBe("WithTimeoutInvalid");
    }
    for (const ok of [1, 2 ** 31 - 1]) expect(codeOf(job(scheduler, { timeoutMs: ok }))).toBe("did not throw");
  });

  it("retry: attempts 1..100 required, known keys only, typed fields, else WithRetryInvalid", () => {
    const { scheduler } = setup();
    const bad: unknown[] = [
      null, 3, "x", {}, { attempts: 0 }, { attempts: 101 }, { attempts: 2.5 }, { attempts: "3" },
      { attempts: 2, delayMs: -1 }, { attempts: 2, delayMs: 2 ** 31 }, { attempts: 2, maxDelayMs: 1.5 },
      { attempts: 2, backoff: "linear" }, { attempts: 2, jitter: "yes" }, { attempts: 2, when: true }, { attempts: 2, retries: 3 },
    ];
    for (const retry of bad) expect(codeOf(job(scheduler, { retry })), JSON.stringify(retry)).toBe("WithRetryInvalid");
    const hostile = new Proxy({}, { ownKeys: () => { throw new Error("no"); } });
    expect(codeOf(job(scheduler, { retry: hostile }))).toBe("WithOptionInvalid");
    for (const retry of [{ attempts: 1 }, { attempts: 100, delayMs: 0, maxDelayMs: 0, backoff: "fixed", jitter: false, when: () => true }]) {
      expect(codeOf(job(scheduler, { retry }))).toBe("did not throw");
    }
  });

  it("a failed newJob leaves no job; globalJobOptions are checked the same way", () => {
    const { scheduler } = setup();
    expect(codeOf(job(scheduler, { name: "a", retry: { attempts: 0 } }))).toBe("WithRetryInvalid");
    expect(scheduler.jobs()).toEqual([]);
    const s = new Scheduler({ globalJobOptions: { timeoutMs: 0 } });
    expect(codeOf(job(s, undefined))).toBe("WithTimeoutInvalid");
    expect(codeOf(() => new Scheduler({ globalJobOptions: { retray: 1 } as unknown as JobOptions }))).toBe("WithOptionInvalid");
  });
});
