import { describe, expect, it } from "vitest";
import { DueQueue, type Queued } from "../../src/due-queue.ts";

const item = (name: string): Queued & { name: string } => ({ name, dueAt: 0, slot: null, slotIndex: 0 });

describe("DueQueue", () => {
  it("takes instants in order, each with its jobs in the order they were added", () => {
    const q = new DueQueue<ReturnType<typeof item>>();
    const [a, b, c, d] = ["a", "b", "c", "d"].map(item) as [ReturnType<typeof item>, ReturnType<typeof item>, ReturnType<typeof item>, ReturnType<typeof item>];
    q.add(a, 2000);
    q.add(b, 1000);
    q.add(c, 2000);
    q.add(d, 2000);
    expect(q.peek()).toBe(1000);
    expect(q.takeDue(999)).toBe(undefined);
    expect(q.takeDue(5000)?.map((x) => x.name)).toEqual(["b"]);
    expect(q.takeDue(5000)?.map((x) => x.name)).toEqual(["a", "c", "d"]);
    expect(q.takeDue(5000)).toBe(undefined);
    expect([a, b, c, d].every((x) => x.slot === null)).toBe(true);
  });

  it("removes lone and grouped entries; an instant with none left is gone", () => {
    const q = new DueQueue<ReturnType<typeof item>>();
    const [a, b, c] = ["a", "b", "c"].map(item) as [ReturnType<typeof item>, ReturnType<typeof item>, ReturnType<typeof item>];
    q.add(a, 1000);
    q.remove(a);
    expect(q.peek()).toBe(undefined);
    q.add(a, 1000);
    q.add(b, 1000);
    q.add(c, 3000);
    q.remove(a);
    expect(q.takeDue(1000)?.map((x) => x.name)).toEqual(["b"]);
    q.add(b, 3000); // moves: re-adding takes it out of wherever it was
    q.remove(c);
    expect(q.peek()).toBe(3000);
    expect(q.takeDue(3000)?.map((x) => x.name)).toEqual(["b"]);
    expect(q.peek()).toBe(undefined);
  });
});
