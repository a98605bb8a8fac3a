// A binary min-heap of numbers in a plain array: Kahn's algorithm takes nodes in unique_id order with it.

/** Adds `value` to a binary min-heap of numbers held in an array. */
export function heapPush(heap: number[], value: number): void {
  heap.push(value);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if ((heap[parent] as number) <= value) break;
    heap[i] = heap[parent] as number;
    i = parent;
  }
  heap[i] = value;
}

/** Removes and returns the smallest value of a non-empty binary min-heap. */
export function heapPop(heap: number[]): number {
  const top = heap[0] as number;
  const last = heap.pop() as number;
  if (heap.length > 0) {
    let i = 0;
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const smaller = r < n && (heap[r] as number) < (heap[l] as number) ? r : l;
      if ((heap[smaller] as number) >= last) break;
      heap[i] = heap[smaller] as number;
      i = smaller;
    }
    heap[i] = last;
  }
  return top;
}
