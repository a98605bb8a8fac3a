// --vars is YAML read as dbt reads it (PyYAML): yes/no/on/off are booleans, y/n stay text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVars } from './global-options.js';

test('--vars reads yes/no/on/off as booleans, as dbt_project.yml vars are read', () => {
  assert.deepEqual(parseVars('{full: yes, dry: No, verbose: ON, quiet: off, y: y, n: n, flag: true}'), {
    full: true, dry: false, verbose: true, quiet: false, y: 'y', n: 'n', flag: true,
  });
  const { start, ...rest } = parseVars('{start: 2024-01-01, name: "yes", count: 3}');
  assert.deepEqual(rest, { name: 'yes', count: 3 });
  // a date, as PyYAML reads it (printed as written)
  assert.equal(String(start), '2024-01-01');
  assert.equal(typeof start, 'object');
});
