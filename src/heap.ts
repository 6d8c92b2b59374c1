/** An entry the heap can order and find again: due instant, tie-break sequence, slot. */
export interface HeapItem {
  dueAt: number;
  seq: number;
  /** Position in the heap, -1 when not in it; kept by the heap for O(log n) removal. */
  _heapIndex: number;
}

/**
 * One binary min-heap of everything scheduled, ordered by (dueAt, seq). The scheduler arms a
 * single timer for `peek()`, so idle jobs cost no timers and each run costs O(log n).
 */
export class MinHeap<T extends HeapItem> {
  #items: T[] = [];

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    item._heapIndex = this.#items.length;
    this.#items.push(item);
    this.#up(item._heapIndex);
  }

  /** Removes `item` if it is in the heap. */
  remove(item: T): void {
    const index = item._heapIndex;
    const items = this.#items;
    if (index < 0 || items[index] !== item) return;
    const last = items.pop() as T;
    item._heapIndex = -1;
    if (last === item) return;
    items[index] = last;
    last._heapIndex = index;
    this.#up(index);
    this.#down(last._heapIndex);
  }

  #less(a: T, b: T): boolean {
    return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.seq < b.seq);
  }

  #swap(i: number, j: number): void {
    const items = this.#items;
    const a = items[i] as T;
    const b = items[j] as T;
    items[i] = b;
    items[j] = a;
    b._heapIndex = i;
    a._heapIndex = j;
  }

  #up(index: number): void {
    const items = this.#items;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#less(items[index] as T, items[parent] as T)) return;
      this.#swap(index, parent);
      index = parent;
    }
  }

  #down(index: number): void {
    const items = this.#items;
    const n = items.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) return;
      const right = left + 1;
      let least = left;
      if (right < n && this.#less(items[right] as T, items[left] as T)) least = right;
      if (!this.#less(items[least] as T, items[index] as T)) return;
      this.#swap(index, least);
      index = least;
    }
  }
}
