// toyaml writes YAML as dbt's toyaml does (PyYAML's safe_dump): a list under a key starts at the
// key's column, and strings that need quoting take single quotes. Packages compare this text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderModel as render } from './testing/make-project.js';

test('toyaml lays out nested lists and quoted strings as yaml.safe_dump does', () => {
  const out = render(
    "{{ toyaml({'jars': [{'name': 'honey', 'labels': ['sweet', {'batch': {'ids': [7, 9]}}]}], 'empty': [], 'note': 'lid: tight', 'flag': 'yes', 'code': '042'}) }}",
  );
  assert.equal(
    out,
    [
      'jars:',
      '- name: honey',
      '  labels:',
      '  - sweet',
      '  - batch:',
      '      ids:',
      '      - 7',
      '      - 9',
      'empty: []',
      "note: 'lid: tight'",
      "flag: 'yes'",
      "code: '042'",
      '',
    ].join('\n'),
  );
});

test('toyaml and tojson write a float with an integral value as a float (5.0), as yaml.safe_dump and json.dumps do', () => {
  const out = render("{{ toyaml({'rows': 5.0, 'parts': [1.0, 0.5, 2]}) }}|{{ tojson({'rows': 5.0, 'parts': [1.0, 0.5, 2]}) }}|{{ tojson(1e16) }}");
  assert.equal(out, ['rows: 5.0', 'parts:', '- 1.0', '- 0.5', '- 2', '|{"rows": 5.0, "parts": [1.0, 0.5, 2]}|1e+16'].join('\n'));
});

test('toyaml leaves y and n unquoted and quotes yes, no, on and off, as PyYAML reads only the words as booleans', () => {
  const out = render("{{ toyaml({'y': 'n', 'Y': 'N', 'yes': 'no', 'on': 'off', 'flag': true}) }}");
  assert.equal(out, ['y: n', 'Y: N', "'yes': 'no'", "'on': 'off'", 'flag: true', ''].join('\n'));
});

test('fromyaml reads plain scalars as yaml.safe_load does: yes/on/NO are booleans, y stays text, 1.0 a float, 1e3 text, a date a date', () => {
  const out = render(
    "{% set v = fromyaml('a: yes\\nb: on\\nc: y\\nd: NO\\ne: 1.0\\nf: 1e3\\ng: 1_000\\nh: 2024-01-01\\ni: 0o17\\nj: .5') %}{{ v }} {{ v.h.strftime('%d/%m') }}",
  );
  assert.equal(out, "{'a': True, 'b': True, 'c': 'y', 'd': False, 'e': 1.0, 'f': '1e3', 'g': 1000, 'h': datetime.date(2024, 1, 1), 'i': '0o17', 'j': 0.5} 01/01");
});
