// fromjson reads JSON as Python's json.loads does (dbt's fromjson), which JSON.parse does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderModel as render } from './testing/make-project.js';

test('fromjson keeps 1.0 a float, big integers exact and the key order of "2024"-like keys, as json.loads does', () => {
  const out = render(
    `{% set v = fromjson('{"b": 1.0, "n": [12345678901234567890, 1e3, 2.5], "2024": {"z": 1, "y": 2}, "b": 3}') %}{{ v }}|{{ v['2024'].keys() | list }}|{{ fromjson('[1] x', 'bad') }}`,
  );
  assert.equal(out, "{'b': 3, 'n': [12345678901234567890, 1000.0, 2.5], '2024': {'z': 1, 'y': 2}}|['z', 'y']|bad");
});

test('tojson() writes floats as json.dumps does, in Python\'s repr: 1e-05, 1.5e-07, 1e+22', () => {
  assert.equal(render('{{ tojson([1.5e-7, 0.0001, 1e-5, 123456789.123, 1e22, -1e-10]) }}'), '[1.5e-07, 0.0001, 1e-05, 123456789.123, 1e+22, -1e-10]');
});
