// Checks the vitest shim itself (vitest-shim.ts), in real Deno: every matcher passes and fails
// as vitest's does, `.not` inverts, messages name the values, hooks run once per describe in
// order, it.skipIf ignores. Run by tools/test-all.mjs with the Deno KV suite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const events: string[] = [];

/** The error `body` throws, or null when it does not throw. */
function thrown(body: () => void): Error | null {
  try {
    body();
    return null;
  } catch (error) {
    return error as Error;
  }
}

describe("vitest shim: matchers", () => {
  it("toBe compares with Object.is; toEqual compares structure", () => {
    expect(thrown(() => expect(1).toBe(1))).toBe(null);
    expect(thrown(() => expect(NaN).toBe(NaN))).toBe(null);
    expect(thrown(() => expect({}).toBe({}))?.message).toBe("expected {} to be {}");
    expect(thrown(() => expect({ a: [1, 2] }).toEqual({ a: [1, 2] }))).toBe(null);
    expect(thrown(() => expect({ a: [1, 2] }).toEqual({ a: [1, 3] }))?.message).toBe('expected {"a":[1,2]} to equal {"a":[1,3]}');
    expect(thrown(() => expect([1]).toEqual({ 0: 1 }))?.message).toBe('expected [1] to equal {"0":1}');
  });

  it("toBeNull, toHaveLength and .not", () => {
    expect(thrown(() => expect(null).toBeNull())).toBe(null);
    expect(thrown(() => expect(undefined).toBeNull())?.message).toBe("expected undefined to be null");
    expect(thrown(() => expect({}).not.toBeNull())).toBe(null);
    expect(thrown(() => expect(null).not.toBeNull())?.message).toBe("expected null not to be null");
    expect(thrown(() => expect([1, 2]).toHaveLength(2))).toBe(null);
    expect(thrown(() => expect([1, 2]).toHaveLength(3))?.message).toBe("expected [1,2] to have length 3");
    expect(thrown(() => expect(1).not.toBe(1))?.message).toBe("expected 1 not to be 1");
  });

  it("the numeric bounds, and a message given to expect()", () => {
    expect(thrown(() => expect(1).toBeLessThan(2))).toBe(null);
    expect(thrown(() => expect(2).toBeLessThan(2))?.message).toBe("expected 2 to be less than 2");
    expect(thrown(() => expect(2).toBeLessThanOrEqual(2))).toBe(null);
    expect(thrown(() => expect(3).toBeLessThanOrEqual(2))?.message).toBe("expected 3 to be less than or equal to 2");
    expect(thrown(() => expect(3).toBeGreaterThan(2))).toBe(null);
    expect(thrown(() => expect(2).toBeGreaterThan(2))?.message).toBe("expected 2 to be greater than 2");
    expect(thrown(() => expect(2).toBeGreaterThanOrEqual(2))).toBe(null);
    expect(thrown(() => expect(1).toBeGreaterThanOrEqual(2))?.message).toBe("expected 1 to be greater than or equal to 2");
    expect(thrown(() => expect("1").toBeLessThan(2))?.message).toBe('expected numbers, got "1" and 2');
    expect(thrown(() => expect(true, "both led at step 3").toBe(false))?.message).toBe("both led at step 3: expected true to be false");
  });
});

describe("vitest shim: toBeDefined and rejects", () => {
  it("toBeDefined passes anything but undefined", () => {
    expect(thrown(() => expect(null).toBeDefined())).toBe(null);
    expect(thrown(() => expect(undefined).toBeDefined())?.message).toBe("expected undefined to be defined");
  });

  it("rejects applies the matcher to the rejection's reason, and fails when the promise resolves", async () => {
    await expect(Promise.reject(new Error("no"))).rejects.toBeDefined();
    await expect(Promise.reject(7)).rejects.toBe(7);
    const wrongReason = await expect(Promise.reject(7)).rejects.toBe(8).then(() => null, (e: Error) => e.message);
    expect(wrongReason).toBe("expected 7 to be 8");
    const resolved = await expect(Promise.resolve(1)).rejects.toBeDefined().then(() => null, (e: Error) => e.message);
    expect(resolved).toBe("expected a rejection, got 1");
  });
});

describe.skipIf(true)("vitest shim: describe.skipIf(true)", () => {
  it("every test inside is ignored, so this never runs", () => {
    throw new Error("ran a test of a skipped describe");
  });
});

describe.skipIf(false)("vitest shim: describe.skipIf(false)", () => {
  it("runs its tests", () => {
    events.push("kept");
    expect(events.includes("kept")).toBe(true);
  });
});

describe("vitest shim: hooks", () => {
  beforeAll(() => void events.push("before"));
  afterAll(() => void events.push("after"));

  it("beforeAll ran once, before the first test", () => {
    events.push("first");
    expect(events.join(",")).toBe("kept,before,first");
  });

  it.skipIf(true)("skipIf(true) is ignored, so this never runs", () => {
    throw new Error("ran a skipped test");
  });

  it.skipIf(false)("skipIf(false) runs, and beforeAll did not run again", () => {
    events.push("second");
    expect(events.join(",")).toBe("kept,before,first,second");
  });
});

describe("vitest shim: afterAll", () => {
  it("the afterAll of the describe above ran once its last test ended", () => {
    expect(events.join(",")).toBe("kept,before,first,second,after");
  });
});
