// Calls with an argument array. Templates call functions, macros and filters with a few
// arguments; a plain call with those is cheaper than spreading the array.

type Fn = (...a: unknown[]) => unknown;

/** `fn(...args)`. */
export function applyArgs(fn: Fn, args: unknown[]): unknown {
  switch (args.length) {
    case 0:
      return fn();
    case 1:
      return fn(args[0]);
    case 2:
      return fn(args[0], args[1]);
    case 3:
      return fn(args[0], args[1], args[2]);
    default:
      return fn(...args);
  }
}

/** `fn.call(self, first, ...args)` (a filter: its input, then its arguments). */
export function applyAfter(fn: Fn, self: unknown, first: unknown, args: unknown[]): unknown {
  switch (args.length) {
    case 0:
      return fn.call(self, first);
    case 1:
      return fn.call(self, first, args[0]);
    case 2:
      return fn.call(self, first, args[0], args[1]);
    default:
      return fn.call(self, first, ...args);
  }
}
