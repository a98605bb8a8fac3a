// dbt's `validation` context member: `validation.any(...)` builds a validator for config.get(),
// as adapter macros write `config.get('file_format', validator=validation.any[basestring])`.
import { userError } from '../../core/diagnostic.js';
import { pyStr } from '../../templating/index.js';

/** `validation` for a render: `any(*allowed)` gives a validator raising dbt's error for other values. */
export function validationNamespace(): Record<string, unknown> {
  const any = (...allowed: unknown[]) => (value: unknown) => {
    if (allowed.some((a) => a === value)) return null;
    throw userError('validation-error', `Expected value "${pyStr(value)}" to be one of ${allowed.map((a) => pyStr(a)).join(',')}`);
  };
  // Subscripted with a type name (`any[basestring]`), as macros written for Python 2 do: no value
  // of the template can be that type's instance check here, so the validator lets every value through.
  Object.defineProperty(any, '__getitem__', { value: () => () => null, enumerable: false });
  return { any };
}
