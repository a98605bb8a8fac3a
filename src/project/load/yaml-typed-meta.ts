// `meta` is the user's own data, which templates read as PyYAML made it (model.meta, config.get('meta'),
// graph.nodes[...].config.meta): a date written in it is a datetime.date, `1.0` a float that prints
// `1.0`. So are vars (dbt_project.yml's `vars:`, a unit test's `overrides: vars:`), which var()
// hands over as they are. The rest of a file keeps plain values, which configs are read from.
import { PyFloat } from '../../templating/index.js';
import { PyDate } from '../context/py/datetime.js';
import { isRecord, parseYamlTyped } from './yaml-file.js';

// A value (after `key:`, `-`, `[` or `,`) that PyYAML may read as a date, a datetime or a float:
// only files holding one are read a second time.
const TYPED_SCALAR = /[:\-[{,]\s*(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.[0-9]|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][0-9: .+\-Z]*)?)\s*(?:$|#|,|\]|\})/m;

/** Puts PyYAML's dates and floats back into every `meta:`/`+meta:` and `vars:` mapping of a project or property file. */
export function withTypedMeta(value: unknown, text: string, file: string): void {
  if (!/\b(?:meta|vars)\s*:/.test(text) || !TYPED_SCALAR.test(text)) return;
  let typed: unknown;
  try {
    typed = parseYamlTyped(text, file).value;
  } catch {
    // A file the typed reading refuses (a key written twice) keeps its plain values.
    return;
  }
  graft(value, typed, false);
}

// Walks the two readings of one text side by side; inside meta and vars, a scalar the typed
// reading made a date or a float replaces the plain one. Containers are kept, so the line table
// still finds them.
function graft(plain: unknown, typed: unknown, inTyped: boolean): void {
  if (Array.isArray(plain) && Array.isArray(typed)) {
    plain.forEach((p, i) => {
      if (inTyped && isTypedScalar(p, typed[i])) plain[i] = typed[i];
      else graft(p, typed[i], inTyped);
    });
  } else if (isRecord(plain) && isRecord(typed)) {
    for (const key of Object.keys(plain)) {
      // A data test's meta keeps plain values: its config is copied as plain data.
      if (!Object.hasOwn(typed, key) || key === 'data_tests' || key === 'tests') continue;
      // `+meta` is how dbt_project.yml sets meta on a folder of nodes
      const inner = inTyped || key === 'meta' || key === '+meta' || (key === 'vars' && isRecord(plain[key]));
      if (inner && isTypedScalar(plain[key], typed[key])) plain[key] = typed[key];
      else graft(plain[key], typed[key], inner);
    }
  }
}

const isTypedScalar = (plain: unknown, typed: unknown): boolean =>
  (typed instanceof PyFloat && typeof plain === 'number') || (typed instanceof PyDate && typeof plain === 'string');
