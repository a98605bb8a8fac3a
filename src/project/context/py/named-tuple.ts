// Python's named tuples that datetime hands out (IsoCalendarDate, time.struct_time): a tuple
// templates can index and unpack, whose fields are attributes too, printed with its type's repr.
import { pyRepr, tuple } from '../../../templating/index.js';

/** A tuple of the named fields' values, each field also an attribute, and `Type(field=value, ...)` as its repr. */
export function namedTuple(typeName: string, fields: [string, unknown][], extra: Record<string, unknown> = {}): unknown[] {
  const items = tuple(fields.map(([, v]) => v));
  for (const [name, v] of [...fields, ...Object.entries(extra)]) Object.defineProperty(items, name, { value: v, enumerable: false });
  const repr = (): string => `${typeName}(${fields.map(([k, v]) => `${k}=${pyRepr(v)}`).join(', ')})`;
  Object.defineProperty(items, '__repr__', { value: repr, enumerable: false });
  Object.defineProperty(items, '__str__', { value: repr, enumerable: false });
  return items;
}
