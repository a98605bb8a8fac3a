// Property files and dbt_project.yml read numbers by PyYAML's YAML 1.1 rules, as dbt does: a float
// needs a dot (and its exponent a sign), `08` and `0o17` are text, `017` is octal, `1:30` base 60.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from './yaml-file.js';

const EXPECTED = {
  e1: 'key', big: '1e3', exp: 1500, half: 0.5, dotless: '.5e3', octal: 15, not_octal: '0o17', leading_zero: '08',
  hex: 31, grouped: 1000, minutes: 90, negative: -2.5, infinite: Infinity,
};

test('numbers in YAML follow PyYAML: 1e3 and e1 stay text, 1.5e+3 is a float, 017 octal, 08 text', () => {
  const block = `e1: key
big: 1e3
exp: 1.5e+3
half: .5
dotless: .5e3
octal: 017
not_octal: 0o17
leading_zero: 08
hex: 0x1F
grouped: 1_000
minutes: 1:30
negative: -2.5
infinite: .inf
`;
  assert.deepEqual(parseYaml(block, 'block.yml').value, EXPECTED);
  // the same values in flow style, read by the full reader
  const flow = `{${block.trim().split('\n').join(', ')}}`;
  assert.deepEqual(parseYaml(flow, 'flow.yml').value, EXPECTED);
});
