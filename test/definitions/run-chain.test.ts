import { describe, expect, it } from "vitest";
import { RunChain } from "../../src/definitions/run-chain.ts";

/** Runs at every multiple of 10 below 1,000, then none. */
const truth = (after: number): number | null => {
  const next = Math.floor(after / 10) * 10 + 10;
  return next < 1_000 ? next : null;
};

describe("RunChain", () => {
  it("answers like the schedule it remembers, for jobs walking in step and at random", () => {
    const chain = new RunChain(8);
    let computed = 0;
    const next = (after: number): number | null => {
      const known = chain._lookup(after);
      if (known !== undefined) return known;
      computed++;
      const result = truth(after);
      chain._record(after, result);
      return result;
    };
    // 50 jobs walk the same runs in step: each run is computed once.
    let cursors = Array.from({ length: 50 }, () => 0 as number | null);
    for (let step = 0; step < 120; step++) {
      cursors = cursors.map((t) => (t === null ? null : next(t)));
    }
    expect(cursors.every((t) => t === null)).toBe(true);
    expect(computed).toBe(100); // 99 runs and the final "none"
    // Random questions, in and out of the remembered stretch, never get a wrong answer.
    let seed = 1;
    for (let i = 0; i < 5_000; i++) {
      seed = (seed * 48_271) % 2_147_483_647;
      const after = (seed % 1_100) - 50 + (i % 2 === 0 ? 0 : 0.5);
      expect(next(after)).toBe(truth(after));
    }
  });

  it("knows nothing before its start, and nothing past its end unless the end was seen", () => {
    const chain = new RunChain();
    expect(chain._lookup(5)).toBeUndefined();
    chain._record(100, 110);
    expect(chain._lookup(99)).toBeUndefined();
    expect(chain._lookup(100)).toBe(110);
    expect(chain._lookup(109.9)).toBe(110);
    expect(chain._lookup(110)).toBeUndefined();
    chain._record(110, null);
    expect(chain._lookup(110)).toBeNull();
    expect(chain._lookup(5_000)).toBeNull();
    expect(chain._lookup(105)).toBe(110);
  });
});
