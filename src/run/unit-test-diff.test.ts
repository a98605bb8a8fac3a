// End to end: a failing unit test's message is dbt's — `actual differs from expected:` over daff's
// terminal table of the sorted rows (`@@` header, `→` changes, `+++` rows only in actual, `---` rows
// only in expected, context rows, `\r\n` line ends), the cells printed as dbt's Python daff prints
// them — in run_results.json and on the console; colours only on a console with colours on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArtifact, runCli, writeProjectFile } from '../cli/test-helpers.js';

// The tested columns are a subset of the model's (sold_on is left out); the expected rows come in
// another order than the actual ones, which does not count.
const UNITS = `unit_tests:
  - name: doubles_amounts
    model: doubled
    given:
      - input: ref('prices')
        rows:
          - {id: 1, name: apple, amount: 1.25, sold_on: 2024-01-01}
          - {id: 2, name: pear, amount: 2.00, sold_on: 2024-01-02}
          - {id: 3, name: plum, amount: null, sold_on: 2024-01-03}
          - {id: 4, name: kiwi, amount: 0.50, sold_on: 2024-01-04}
    expect:
      rows:
        - {id: 3, name: plum, amount: null, pricey: null}
        - {id: 2, name: pear, amount: 4.50, pricey: false}
        - {id: 1, name: apple, amount: 2.50, pricey: true}
        - {id: 5, name: fig, amount: 3.00, pricey: true}
  - name: ignores_row_order
    model: doubled
    given:
      - input: ref('prices')
        rows:
          - {id: 2, name: pear, amount: 2.00}
          - {id: 1, name: apple, amount: 1.25}
    expect:
      rows:
        - {id: 1, amount: 2.50}
        - {id: 2, amount: 4.00}
`;

// Column widths come from the cells as str() prints them; an added or removed row prints a Decimal
// or a bool as daff's Python build does (repr(), `true`), past its column's width.
const MESSAGE = [
  '\n\nactual differs from expected:\n\n',
  '@@ ,id,name ,amount   ,pricey\r\n',
  '   ,1 ,apple,2.50     ,True\r\n',
  '→  ,2 ,pear ,4.50→4.00,False→True\r\n',
  '   ,3 ,plum ,NULL     ,NULL\r\n',
  "+++,4 ,kiwi ,Decimal('1.00')     ,false\r\n",
  "---,5 ,fig  ,Decimal('3.00')     ,true\r\n",
  '\n',
].join('');

// daff's terminal codes, and dbt's green and red for the heading.
const HEADER = '\u001b[0;1m';
const SEP = '\u001b[33m,\u001b[0m';
const ADD = '\u001b[32;1m';
const REMOVE = '\u001b[31;1m';
const MODIFY = '\u001b[34;1m';
const DONE = '\u001b[0m';
const COLORED = [
  '\n\n\u001b[32mactual\u001b[0m differs from \u001b[31mexpected\u001b[0m:\n\n',
  `${HEADER}@@${DONE} ${SEP}${HEADER}id${DONE}${SEP}${HEADER}name${DONE} ${SEP}${HEADER}amount${DONE}   ${SEP}${HEADER}pricey${DONE}\r\n`,
  `   ${SEP}1 ${SEP}apple${SEP}2.50     ${SEP}True\r\n`,
  `${REMOVE}${MODIFY}→${ADD}${DONE}  ${SEP}2 ${SEP}pear ${SEP}${REMOVE}4.50${MODIFY}→${ADD}4.00${DONE}${SEP}${REMOVE}False${MODIFY}→${ADD}True${DONE}\r\n`,
  `   ${SEP}3 ${SEP}plum ${SEP}NULL     ${SEP}NULL\r\n`,
  `${ADD}+++${DONE}${SEP}${ADD}4${DONE} ${SEP}${ADD}kiwi${DONE} ${SEP}${ADD}Decimal('1.00')${DONE}     ${SEP}${ADD}false${DONE}\r\n`,
  `${REMOVE}---${DONE}${SEP}${REMOVE}5${DONE} ${SEP}${REMOVE}fig${DONE}  ${SEP}${REMOVE}Decimal('3.00')${DONE}     ${SEP}${REMOVE}true${DONE}\r\n`,
  '\n',
].join('');

type Results = { results: { unique_id: string; status: string; message: string | null; failures: number | null }[] };

describe('a failing unit test prints daff diff as dbt does', () => {
  let dir = '';
  const args = (): string[] => ['test', '--project-dir', dir, '--profiles-dir', dir];
  const unitResult = (name: string) => readArtifact<Results>(dir, 'run_results.json').results.find((r) => r.unique_id === `unit_test.orchard.doubled.${name}`);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-unit-diff-'));
    writeProjectFile(dir, 'dbt_project.yml', 'name: orchard\nprofile: orchard\n');
    writeProjectFile(dir, 'profiles.yml', 'orchard:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: orchard.duckdb\n');
    writeProjectFile(dir, 'models/prices.sql', "select 1 as id, 'apple' as name, 1.25::decimal(10, 2) as amount, date '2024-01-01' as sold_on\n");
    writeProjectFile(dir, 'models/doubled.sql', "select id, name, amount * 2 as amount, amount > 1 as pricey, sold_on from {{ ref('prices') }}\n");
    writeProjectFile(dir, 'models/units.yml', UNITS);
    const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--select', 'prices']);
    assert.equal(run.code, 0, run.out + run.err);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('run_results.json records the diff without colours; rows in another order pass', async () => {
    const run = await runCli([...args(), '--use-colors']);
    assert.equal(run.code, 1, run.out + run.err);
    const failed = unitResult('doubles_amounts');
    assert.equal(failed?.status, 'fail');
    assert.equal(failed?.failures, 1);
    assert.equal(failed?.message, MESSAGE);
    assert.equal(unitResult('ignores_row_order')?.status, 'pass', run.out);
  });

  test('the console prints the message under the failure heading, plain when colours are off', async () => {
    const run = await runCli([...args(), '--no-use-colors']);
    assert.equal(run.code, 1, run.out + run.err);
    assert.match(run.out, /\d\d:\d\d:\d\d {2}Failure in unit_test doubles_amounts \(models\/units\.yml\)\n\d\d:\d\d:\d\d {4}\n\nactual differs/u);
    assert.ok(run.out.includes(`  ${MESSAGE}`), JSON.stringify(run.out));
    assert.ok(!run.out.includes('\u001b'), JSON.stringify(run.out));
  });

  test('with colours on, the console shows daff colours and the heading in green and red', async () => {
    const run = await runCli([...args(), '--use-colors']);
    assert.equal(run.code, 1, run.out + run.err);
    assert.ok(run.out.includes(`  ${COLORED}`), JSON.stringify(run.out));
  });

  test('JSON logs carry the plain message, even with colours on', async () => {
    const run = await runCli([...args(), '--use-colors', '--log-format', 'json']);
    assert.equal(run.code, 1, run.out + run.err);
    const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { info: { name: string; msg: string }; data: Record<string, unknown> });
    const error = events.find((e) => e.info.name === 'RunResultError' && String(e.data['msg']).includes('differs'));
    assert.equal(error?.data['msg'], MESSAGE);
    assert.equal(error?.info.msg, `  ${MESSAGE}`);
    assert.ok(!run.out.includes('\\u001b'), run.out);
  });
});
