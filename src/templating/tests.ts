// Jinja2's built-in tests (`x is defined`, `n is divisibleby 3`, ...).
import { eq, ge, gt, isIn, le, lt, ne } from './ops.js';
import type { Runtime } from './runtime.js';
import { STR_METHODS } from './python-methods.js';
import { Decimal } from './decimal.js';
import { PyInt } from './py-int.js';
import { Namespace, PyFloat, Undefined, dunder, isFloat, isHostMapping, num, pyStr } from './values.js';
import { isMapping } from './values-dict.js';

type Test = (this: Runtime, value: unknown, ...args: unknown[]) => boolean;

const isString = (v: unknown): boolean => typeof v === 'string';

/** The built-in tests. */
export const TESTS: Record<string, Test> = {
  defined: (v) => !(v instanceof Undefined),
  undefined: (v) => v instanceof Undefined,
  none: (v) => v === null,
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  integer: (v) => (typeof v === 'number' && Number.isInteger(v)) || v instanceof PyInt,
  float: (v) => isFloat(v),
  number: (v) => typeof v === 'number' || v instanceof PyFloat || typeof v === 'boolean' || v instanceof Decimal || v instanceof PyInt,
  string: isString,
  mapping: (v) => isMapping(v) || v instanceof Map || isHostMapping(v),
  sequence: (v) => typeof v === 'string' || Array.isArray(v) || isMapping(v) || (dunder(v, '__len__') !== undefined && dunder(v, '__getitem__') !== undefined),
  // Jinja2's Undefined defines __iter__ (it iterates empty; StrictUndefined's raises), so it is iterable.
  iterable: (v) =>
    (v instanceof Undefined && (v.strict ? v.fail() : true)) ||
    typeof v === 'string' ||
    Array.isArray(v) ||
    isMapping(v) ||
    v instanceof Map ||
    v instanceof Set ||
    (v !== null && typeof v === 'object' && !(v instanceof Undefined) && !(v instanceof Namespace) && (Symbol.iterator in v || dunder(v, '__iter__') !== undefined || dunder(v, '__getitem__') !== undefined)),
  callable: (v) => typeof v === 'function' || v instanceof Undefined || dunder(v, '__call__') !== undefined,
  sameas: (v, other) => v === other || (v === null && other === null),
  escaped: () => false,
  in: (v, seq) => isIn(v, seq),
  eq: (v, o) => eq(v, o),
  ne: (v, o) => ne(v, o),
  lt: (v, o) => lt(v, o),
  le: (v, o) => le(v, o),
  gt: (v, o) => gt(v, o),
  ge: (v, o) => ge(v, o),
  divisibleby: (v, n) => num(v) % num(n) === 0,
  even: (v) => num(v) % 2 === 0,
  odd: (v) => Math.abs(num(v) % 2) === 1,
  lower: (v) => STR_METHODS.islower!(pyStr(v), [], {}, () => null) as boolean,
  upper: (v) => STR_METHODS.isupper!(pyStr(v), [], {}, () => null) as boolean,
  filter(v) {
    return typeof v === 'string' && v in this.env.filters;
  },
  test(v) {
    return typeof v === 'string' && v in this.env.tests;
  },
};
Object.assign(TESTS, {
  '==': TESTS.eq,
  equalto: TESTS.eq,
  '!=': TESTS.ne,
  '<': TESTS.lt,
  lessthan: TESTS.lt,
  '<=': TESTS.le,
  '>': TESTS.gt,
  greaterthan: TESTS.gt,
  '>=': TESTS.ge,
});
