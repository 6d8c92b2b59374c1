// src/uuid.ts: the ids of jobs without an id option and of runNow runs.
import { describe, expect, it } from "vitest";
import { uuid } from "../../src/uuid.ts";

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuid()", () => {
  it("makes v4 UUIDs, all distinct, across several refills of its random pool (256 ids each)", () => {
    const ids = Array.from({ length: 1000 }, () => uuid());
    for (const id of ids) expect(id).toMatch(V4);
    expect(new Set(ids).size).toBe(1000);
  });

  it("uses every hex digit in every random position (no digit stuck, no position fixed)", () => {
    const seen = Array.from({ length: 36 }, () => new Set<string>());
    for (let k = 0; k < 2000; k++) [...uuid()].forEach((c, i) => seen[i]?.add(c));
    const sizes = seen.map((s) => s.size);
    // dashes at 8, 13, 18, 23; the version digit at 14; the variant digit at 19 is one of 8, 9, a, b
    expect(sizes).toEqual(sizes.map((_, i) => ([8, 13, 18, 23, 14].includes(i) ? 1 : i === 19 ? 4 : 16)));
  });

  it("returns a string no later call changes (the char codes are reused, the strings are not)", () => {
    const a = uuid();
    const copy = `${a}`;
    uuid();
    expect(a).toBe(copy);
    expect(a.length).toBe(36);
  });
});
