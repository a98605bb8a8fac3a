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

test('toyaml writes number keys bare and dates as timestamps; tojson keeps a dict\'s insertion order, as safe_dump and json.dumps do', () => {
  const d = "{% set d = {'name': 'x'} %}{% do d.update({7: 'seven', 2: [1.0, true]}) %}";
  assert.equal(render(`${d}{{ toyaml(d) }}`), "name: x\n7: seven\n2:\n- 1.0\n- true\n");
  assert.equal(render("{{ toyaml({'day': modules.datetime.date(2024, 1, 2), 'at': modules.datetime.datetime(2024, 1, 2, 3, 4, 5)}) }}"), 'day: 2024-01-02\nat: 2024-01-02 03:04:05\n');
  assert.equal(render(`${d}{{ tojson(d) }}`), '{"name": "x", "7": "seven", "2": [1.0, true]}');
});

test('toyaml writes characters outside printable ASCII as safe_dump does: double quotes and \\x, \\u, \\U escapes', () => {
  assert.equal(
    render("{{ toyaml({'name': 'Prénom', 'tab': 'a\\tb', 'emoji': '☕ \\U0001F600', 'nbsp': 'a\\xa0b', 'q': 'say \"hi\" \\\\ é'}) }}"),
    'name: "Pr\\xE9nom"\ntab: "a\\tb"\nemoji: "\\u2615 \\U0001F600"\nnbsp: "a\\_b"\nq: "say \\"hi\\" \\\\ \\xE9"\n',
  );
});

test('toyaml writes floats as yaml.safe_dump does: repr with a dot before any exponent, .inf and .nan', () => {
  const out = render("{{ toyaml({'tiny': 1e-5, 'huge': 1e16, 'neg': -1.5e-7, 'big': 1.0e+20, 'plain': 123.456, 'inf': 'inf'|float, 'ninf': '-inf'|float, 'nan': 'nan'|float}) }}");
  assert.equal(out, ['tiny: 1.0e-05', 'huge: 1.0e+16', 'neg: -1.5e-07', 'big: 1.0e+20', 'plain: 123.456', 'inf: .inf', 'ninf: -.inf', 'nan: .nan', ''].join('\n'));
});

test('toyaml writes an int past 2^53 in full, as yaml.safe_dump does', () => {
  const out = render("{{ toyaml({'id': fromyaml('x: 123456789012345678').x, 'ids': [fromyaml('- -9007199254740993')[0]]}) }}");
  assert.equal(out, ['id: 123456789012345678', 'ids:', '- -9007199254740993', ''].join('\n'));
});
