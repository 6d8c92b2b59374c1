import { MinHeap, type HeapItem } from "./heap.ts";

/** Something the queue can hold: it remembers its due instant and where it sits. */
export interface Queued {
  dueAt: number;
  slot: DueSlot<Queued> | null;
  _slotIndex: number;
}

/**
 * Everything due at one instant, in the order it was scheduled (removed entries are null). A
 * lone entry is held directly: most instants of 100,000 daily jobs belong to one job each.
 */
export interface DueSlot<T> extends HeapItem {
  _entries: T | (T | null)[] | null;
  live: number;
}

/**
 * Every scheduled occurrence, grouped by due instant: one min-heap of instants, each holding the
 * jobs due then. Jobs that share a schedule fall due together, so at 100,000 jobs firing every
 * second the heap moves one entry per second and each job costs an array push, not O(log n).
 */
export class DueQueue<T extends Queued> {
  readonly #heap = new MinHeap<DueSlot<T>>();
  readonly #slots = new Map<number, DueSlot<T>>();
  /** The slot last added to: consecutive jobs rescheduled together usually share it. */
  #last: DueSlot<T> | null = null;

  /** The earliest due instant, or undefined when nothing is scheduled. */
  peek(): number | undefined {
    return this.#heap.peek()?.dueAt;
  }

  add(item: T, dueAt: number): void {
    this.remove(item);
    let slot = this.#last !== null && this.#last.dueAt === dueAt && this.#last._heapIndex >= 0 ? this.#last : this.#slots.get(dueAt);
    if (slot === undefined) {
      slot = { dueAt, seq: 0, _heapIndex: -1, _entries: null, live: 0 };
      this.#slots.set(dueAt, slot);
      this.#heap.push(slot);
    }
    this.#last = slot;
    item.dueAt = dueAt;
    item.slot = slot as DueSlot<Queued>;
    const entries = slot._entries;
    if (entries === null) {
      slot._entries = item;
    } else if (Array.isArray(entries)) {
      item._slotIndex = entries.length;
      entries.push(item);
    } else {
      entries._slotIndex = 0;
      item._slotIndex = 1;
      slot._entries = [entries, item];
    }
    slot.live++;
  }

  remove(item: T): void {
    const slot = item.slot as DueSlot<T> | null;
    if (slot === null) return;
    item.slot = null;
    if (Array.isArray(slot._entries)) slot._entries[item._slotIndex] = null;
    else slot._entries = null;
    if (--slot.live === 0) this.#drop(slot);
  }

  /**
   * Takes the earliest instant if it is due at `now` and hands its entries to `visit` (with
   * `arg`) in the order they were added; false when nothing is due. The slot's own array is
   * walked (no copy of 100,000 entries), so an entry that an earlier visit removes or moves is
   * skipped. `visit` should be one long-lived function: a fresh closure per call would cost
   * the optimised loop its inlined call.
   */
  _drainDue<A>(now: number, visit: (item: T, arg: A) => void, arg: A): boolean {
    const slot = this.#heap.peek();
    if (slot === undefined || slot.dueAt > now) return false;
    this.#drop(slot);
    const entries = slot._entries;
    if (Array.isArray(entries)) {
      // In chunks: one call a second that loops over 10,000 entries gets optimised on-stack
      // from partial type feedback and was deoptimised on its next call (--trace-deopt); a
      // function called per chunk is optimised the ordinary way.
      for (let from = 0; from < entries.length; from += CHUNK) visitChunk(entries, from, visit, arg);
    } else if (entries !== null) {
      entries.slot = null;
      visit(entries, arg);
    }
    return true;
  }

  #drop(slot: DueSlot<T>): void {
    this.#heap.remove(slot);
    // A slot being drained is already out; a new one may have taken its instant since.
    if (this.#slots.get(slot.dueAt) === slot) this.#slots.delete(slot.dueAt);
    if (this.#last === slot) this.#last = null;
  }
}

/** Entries visited per call of {@link visitChunk}. */
const CHUNK = 256;

function visitChunk<T extends Queued, A>(entries: readonly (T | null)[], from: number, visit: (item: T, arg: A) => void, arg: A): void {
  // The slot is out of the queue, so no visit appends to it; a removal only nulls its entry.
  const to = Math.min(from + CHUNK, entries.length);
  for (let i = from; i < to; i++) {
    const item = entries[i];
    if (item === null || item === undefined) continue;
    item.slot = null;
    visit(item, arg);
  }
}
