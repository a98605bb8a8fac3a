// A package namespace (`dbt_utils`) is a Python dict of that package's macros in dbt, and test
// helpers treat it so: `pkg.get(name)`, `pkg.update({name: mock})` to stand a mock in for a
// macro until `pkg.update({name: original})` puts it back. These methods give the namespace
// objects that dict face; a write shadows the package's macro for the rest of the render.
import { PY_MAPPING, PY_TYPE_NAME, PyDict, tuple } from '../../templating/index.js';
import { bindParams, isNone, splitArgs } from './py-args.js';

type Ns = Record<string, unknown>;

function names(ns: Ns): string[] {
  const out: string[] = [];
  for (const k in ns) out.push(k);
  return out;
}

// a key of the dict: an enumerable property (a macro's getter or a written value), not a method
function has(ns: Ns, key: unknown): key is string {
  if (typeof key !== 'string') return false;
  for (let o: object | null = ns; o; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return d.enumerable === true;
  }
  return false;
}

function put(ns: Ns, key: string, value: unknown): void {
  // the package's macros are getters on the prototype: an own property shadows one
  Object.defineProperty(ns, key, { value, writable: true, enumerable: true, configurable: true });
}

const METHODS: Record<string, (this: Ns, ...raw: unknown[]) => unknown> = {
  get(...raw) {
    const { key, default: fallback } = bindParams(raw, ['key', 'default']);
    return has(this, key) ? this[key] : isNone(fallback) ? null : fallback;
  },
  update(...raw) {
    const { args, kwargs } = splitArgs(raw);
    const other = args[0];
    const pairs = other instanceof PyDict ? other.entries() : other !== null && typeof other === 'object' ? Object.entries(other) : [];
    for (const [k, v] of [...pairs, ...Object.entries(kwargs)]) put(this, String(k), v);
    return null;
  },
  keys() {
    return names(this);
  },
  values() {
    return names(this).map((k) => this[k]);
  },
  items() {
    return names(this).map((k) => tuple([k, this[k]]));
  },
  __contains__(key) {
    return has(this, key);
  },
};

/** Gives a package namespace prototype dict methods, leaving any macro of the same name in place. */
export function addNamespaceDictMethods(proto: object, macroNames: ReadonlySet<string> | Iterable<string>): void {
  // a dict to Jinja's `mapping` test (`dbt_utils is mapping`)
  Object.defineProperty(proto, PY_MAPPING, { value: true });
  // ...and a dict in Jinja's messages: "'dict object' has no attribute 'x'" for a macro it lacks
  Object.defineProperty(proto, PY_TYPE_NAME, { value: 'dict' });
  const taken = new Set(macroNames);
  for (const [name, fn] of Object.entries(METHODS)) {
    if (taken.has(name)) continue;
    Object.defineProperty(proto, name, { value: fn, enumerable: false });
  }
}
