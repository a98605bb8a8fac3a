// `meta` is the user's own data, which templates read as PyYAML made it (model.meta, config.get('meta'),
// graph.nodes[...].config.meta): a date written in it is a datetime.date, `1.0` a float that prints
// `1.0`. So are vars (dbt_project.yml's `vars:`, a unit test's `overrides: vars:`), which var()
// hands over as they are. So are a generic test's inputs: dbt names the test with str() of each
// (`0.0` gives `0_0`), keeps them in test_metadata.kwargs and hands them to the test's macro.
// Configs (a `config:` block, the resource sections of dbt_project.yml) keep their floats and their
// ints past 2^53, which config.get() hands over; their dates stay text, which the configs the
// engine reads itself (begin) are parsed from. In all of these an int past 2^53 (an id) is exact.
// The rest of a file keeps plain values, and so do unit test rows, which their fixtures read.
import { PyFloat, PyInt } from '../../templating/index.js';
import { PyDate } from '../context/py/datetime.js';
import { isRecord, parseYamlTyped } from './yaml-file.js';

// A value (after `key:`, `-`, `[` or `,`) that PyYAML may read as a date, a datetime, a float or an
// int too large for a JavaScript number:
// only files holding one are read a second time.
const TYPED_SCALAR = /[:\-[{,]\s*(?:[-+]?[0-9]{16,}|[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.[0-9]|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][0-9: .+\-Z]*)?)\s*(?:$|#|,|\]|\})/m;

/** Puts PyYAML's dates and numbers back into every `meta:`/`+meta:` and `vars:` mapping and into the inputs of generic tests, and its numbers into configs, of a project or property file. */
export function withTypedMeta(value: unknown, text: string, file: string): void {
  if (!TYPED_SCALAR.test(text)) return;
  let typed: unknown;
  try {
    typed = parseYamlTyped(text, file).value;
  } catch {
    // A file the typed reading refuses (a key written twice) keeps its plain values.
    return;
  }
  if (!isRecord(value) || !isRecord(typed)) return;
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(typed, key)) continue;
    // dbt_project.yml's `models:` and the like are mappings of folders and configs; a property file's are lists.
    if (PROJECT_CONFIG_SECTIONS.has(key) && isRecord(value[key])) graft(value[key], typed[key], NUMBERS);
    else if (key === 'vars' && isRecord(value[key])) graft(value[key], typed[key], ALL);
    else graft(value[key], typed[key], NONE);
  }
}

// What a scalar of the typed reading replaces: nothing, a number only (a float, an int past 2^53),
// or a number or a date.
const NONE = 0;
const NUMBERS = 1;
const ALL = 2;
type Typing = typeof NONE | typeof NUMBERS | typeof ALL;

const PROJECT_CONFIG_SECTIONS = new Set([
  'models', 'seeds', 'snapshots', 'sources', 'data_tests', 'tests', 'unit_tests', 'analyses', 'exposures', 'metrics', 'semantic-models', 'saved-queries',
]);

// Walks the two readings of one text side by side; a scalar the typed reading made a date or a
// number replaces the plain one where `typing` allows it. Containers are kept, so the line table
// still finds them.
function graft(plain: unknown, typed: unknown, typing: Typing): void {
  if (Array.isArray(plain) && Array.isArray(typed)) {
    plain.forEach((p, i) => {
      if (isTypedScalar(p, typed[i], typing)) plain[i] = typed[i];
      else graft(p, typed[i], typing);
    });
  } else if (isRecord(plain) && isRecord(typed)) {
    for (const key of Object.keys(plain)) {
      // A unit test's rows (given, expect) are data, whatever their columns are named.
      if (!Object.hasOwn(typed, key) || (key === 'rows' && typing === NONE)) continue;
      if ((key === 'data_tests' || key === 'tests') && Array.isArray(plain[key])) {
        graftTests(plain[key] as unknown[], typed[key]);
        continue;
      }
      // `+meta` is how dbt_project.yml sets meta on a folder of nodes
      const inner: Typing = key === 'meta' || key === '+meta' || (key === 'vars' && isRecord(plain[key])) ? ALL
        : key === 'config' && isRecord(plain[key]) && typing === NONE ? NUMBERS : typing;
      if (isTypedScalar(plain[key], typed[key], inner)) plain[key] = typed[key];
      else graft(plain[key], typed[key], inner);
    }
  }
}

// Keys of a test entry that configure the test (dbt's CONFIG_ARGS and `config:`): they keep plain
// values, as configs do. The others are its inputs, as is all of `arguments:`.
const TEST_CONFIG_KEYS = new Set([
  'config', 'name', 'description', 'test_name',
  'severity', 'tags', 'enabled', 'where', 'limit', 'warn_if', 'error_if', 'fail_calc', 'store_failures', 'store_failures_as', 'meta', 'database', 'schema', 'alias',
]);

// A list of data tests: `- unique`, `- accepted_values: {...}` or `- {test_name: x, ...}`.
function graftTests(plain: unknown[], typed: unknown): void {
  if (!Array.isArray(typed)) return;
  plain.forEach((entry, i) => {
    const typedEntry: unknown = typed[i];
    if (!isRecord(entry) || !isRecord(typedEntry)) return;
    if ('test_name' in entry) graftTestInputs(entry, typedEntry);
    else for (const name of Object.keys(entry)) if (isRecord(entry[name])) graftTestInputs(entry[name] as Record<string, unknown>, typedEntry[name]);
  });
}

function graftTestInputs(args: Record<string, unknown>, typed: unknown): void {
  if (!isRecord(typed)) return;
  for (const key of Object.keys(args)) {
    if (TEST_CONFIG_KEYS.has(key) || !Object.hasOwn(typed, key)) continue;
    if (isTypedScalar(args[key], typed[key], ALL)) args[key] = typed[key];
    else graft(args[key], typed[key], ALL);
  }
}

const isTypedScalar = (plain: unknown, typed: unknown, typing: Typing): boolean =>
  (typing !== NONE && (typed instanceof PyFloat || typed instanceof PyInt) && typeof plain === 'number') || (typing === ALL && typed instanceof PyDate && typeof plain === 'string');
