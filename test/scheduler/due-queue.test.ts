import { describe, expect, it } from "vitest";
import { DueQueue, type Queued } from "../../src/due-queue.ts";

const item = (name: string): Queued & { name: string } => ({ name, dueAt: 0, slot: null, _slotIndex: 0 });

/** The names drainDue visits at `now`, or undefined when nothing was due. */
function drain(q: DueQueue<ReturnType<typeof item>>, now: number): string[] | undefined {
  const names: string[] = [];
  return q._drainDue(now, (x, into) => into.push(x.name), names) ? names : undefined;
}

describe("DueQueue", () => {
  it("takes instants in order, each with its jobs in the order they were added", () => {
    const q = new DueQueue<ReturnType<typeof item>>();
    const [a, b, c, d] = ["a", "b", "c", "d"].map(item) as [ReturnType<typeof item>, ReturnType<typeof item>, ReturnType<typeof item>, ReturnType<typeof item>];
    q.add(a, 2000);
    q.add(b, 1000);
    q.add(c, 2000);
    q.add(d, 2000);
    expect(q.peek()).toBe(1000);
    expect(drain(q, 999)).toBe(undefined);
    expect(drain(q, 5000)).toEqual(["b"]);
    expect(drain(q, 5000)).toEqual(["a", "c", "d"]);
    expect(drain(q, 5000)).toBe(undefined);
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
    expect(drain(q, 1000)).toEqual(["b"]);
    q.add(b, 3000); // moves: re-adding takes it out of wherever it was
    q.remove(c);
    expect(q.peek()).toBe(3000);
    expect(drain(q, 3000)).toEqual(["b"]);
    expect(q.peek()).toBe(undefined);
  });

  it("skips an entry that an earlier visit removed or moved, and keeps a new slot at the same instant", () => {
    const q = new DueQueue<ReturnType<typeof item>>();
    const [a, b, c, d] = ["a", "b", "c", "d"].map(item) as [ReturnType<typeof item>, ReturnType<typeof item>, ReturnType<typeof item>, ReturnType<typeof item>];
    q.add(a, 1000);
    q.add(b, 1000);
    q.add(c, 1000);
    const seen: string[] = [];
    q._drainDue(1000, (x) => {
      seen.push(x.name);
      if (x === a) {
        q.remove(b); // a task removing another job due in the same batch
        q.add(d, 1000); // a job scheduled at the instant being drained goes to a new slot
        q.add(c, 2000);
      }
    }, null);
    expect(seen).toEqual(["a"]);
    expect(q.peek()).toBe(1000);
    expect(drain(q, 1000)).toEqual(["d"]);
    expect(drain(q, 2000)).toEqual(["c"]);
    expect(q.peek()).toBe(undefined);
  });
});
