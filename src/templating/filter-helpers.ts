// Shared pieces of the built-in filters: argument binding and attribute getters.
import { pyError } from './errors.js';
import type { Runtime } from './runtime.js';
import { Kwargs, Undefined } from './values.js';

/** Binds positional and keyword arguments of a filter call to parameter names. */
export function bind(name: string, args: unknown[], names: string[]): unknown[] {
  const last = args[args.length - 1];
  const kw = last instanceof Kwargs ? last.values : null;
  const pos = kw ? args.slice(0, -1) : args;
  if (pos.length > names.length) throw pyError('TypeError', `${name}() takes up to ${names.length + 1} positional arguments but ${pos.length + 1} were given`);
  const out = names.map((_, i) => pos[i]);
  if (kw) {
    for (const k of Object.keys(kw)) {
      const i = names.indexOf(k);
      if (i < 0) throw pyError('TypeError', `${name}() got an unexpected keyword argument '${k}'`);
      if (i < pos.length) throw pyError('TypeError', `${name}() got multiple values for argument '${k}'`);
      out[i] = kw[k];
    }
  }
  return out;
}

/** Lowercases strings for case-insensitive comparisons. */
export const ignoreCase = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v);

/** Jinja2's make_attrgetter: dotted paths, integer parts index, optional default. */
export function attrGetter(rt: Runtime, attribute: unknown, post?: (v: unknown) => unknown, dflt?: unknown): (item: unknown) => unknown {
  const parts =
    typeof attribute === 'string'
      ? attribute.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
      : attribute === undefined || attribute === null
        ? []
        : [attribute];
  return (item: unknown) => {
    let v = item;
    for (const p of parts) {
      v = rt.item(v, p);
      if (v instanceof Undefined && dflt !== undefined) {
        v = dflt;
        break;
      }
    }
    return post ? post(v) : v;
  };
}

/** make_multi_attrgetter: comma-separated attributes give a list key. */
export function multiAttrGetter(rt: Runtime, attribute: unknown, post?: (v: unknown) => unknown): (item: unknown) => unknown {
  if (typeof attribute !== 'string' || !attribute.includes(',')) return attrGetter(rt, attribute, post);
  const getters = attribute.split(',').map((a) => attrGetter(rt, a.trim(), post));
  return (item) => getters.map((g) => g(item));
}
