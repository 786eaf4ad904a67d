// A binary min-heap of events ordered by (time, sequence): events due at the same virtual
// instant fire in the order they were scheduled, which is what makes a run reproducible.
// Cancellation is lazy (a cancelled event stays in the heap and is skipped when popped), so
// clearTimeout is O(1) and the heap never needs a search.

export interface SimEvent {
  readonly time: number;
  readonly seq: number;
  /**
   * Fires the event. Returning false says it started no protocol code (a dropped or duplicate
   * delivery), so there are no promise continuations to settle before the next event.
   */
  readonly run: () => boolean | void;
  cancelled: boolean;
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

export class EventQueue {
  readonly #heap: SimEvent[] = [];
  #live = 0;

  /** Events scheduled and neither fired nor cancelled. */
  get size(): number {
    return this.#live;
  }

  push(event: SimEvent): void {
    const heap = this.#heap;
    heap.push(event);
    this.#live++;
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      const tmp = heap[i]!;
      heap[i] = heap[parent]!;
      heap[parent] = tmp;
      i = parent;
    }
  }

  cancel(event: SimEvent): void {
    if (event.cancelled) return;
    event.cancelled = true;
    this.#live--;
  }

  /** The next live event without removing it. */
  peek(): SimEvent | undefined {
    this.#dropCancelled();
    return this.#heap[0];
  }

  pop(): SimEvent | undefined {
    this.#dropCancelled();
    const top = this.#heap[0];
    if (top === undefined) return undefined;
    this.#removeTop();
    this.#live--;
    // Marked so that a late clearTimeout of a fired timer does not miscount.
    top.cancelled = true;
    return top;
  }

  #dropCancelled(): void {
    while (this.#heap.length > 0 && this.#heap[0]!.cancelled) this.#removeTop();
  }

  #removeTop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      const tmp = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = tmp;
      i = m;
    }
  }
}
