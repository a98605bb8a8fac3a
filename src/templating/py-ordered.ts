// Python's four ordering methods, written once for the engine's orderable values (int, Decimal,
// date, time): each class says only how it compares (order), as functools.total_ordering lets a
// Python class do.

/** A value ordered as Python orders it: `<`, `<=`, `>`, `>=` all go through the class's own order(). */
export abstract class PyOrdered {
  /**
   * `test` applied to this value's difference from `other` (negative: this is smaller), or
   * NotImplemented when `other` is not comparable; a pair Python refuses to order throws.
   */
  protected abstract order(other: unknown, test: (diff: number) => boolean): unknown;

  __lt__(other: unknown): unknown {
    return this.order(other, (d) => d < 0);
  }
  __le__(other: unknown): unknown {
    return this.order(other, (d) => d <= 0);
  }
  __gt__(other: unknown): unknown {
    return this.order(other, (d) => d > 0);
  }
  __ge__(other: unknown): unknown {
    return this.order(other, (d) => d >= 0);
  }
}
