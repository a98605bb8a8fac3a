// End to end: how unit test fixture rows meet the model's SQL — nested YAML values for LIST,
// STRUCT and MAP columns, refs written with whitespace control, and dbt's wording for a fixture
// column the relation does not have.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

describe('unit test fixture values', () => {
  let dir = '';
  const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
  const unitTests = (body: string) => writeProjectFile(dir, 'models/shelf_tests.yml', `unit_tests:\n${body}`);

  before(async () => {
    dir = await newProject('shelf');
    writeProjectFile(dir, 'models/crates.sql', [
      "select 7::bigint as crate_id, ['oak', 'pine'] as woods, {'width': 3, 'label': 'tall'} as size,",
      "  map {'nails': 40} as parts",
      '',
    ].join('\n'));
    writeProjectFile(dir, 'models/crate_facts.sql', [
      'select crate_id, woods[2] as second_wood, len(woods) as wood_count, size.label as label,',
      "  parts['nails'] as nails",
      "from {{ ref('crates') }}",
      '',
    ].join('\n'));
    writeProjectFile(dir, 'models/tight_join.sql', "{{ config(materialized='table') }}\nselect crate_id * 2 as doubled\nfrom {{- ref('crates') -}}\n");
    const run = await cli('run', '--select', 'crates');
    assert.equal(run.code, 0, run.err);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('YAML lists and mappings fill LIST, STRUCT and MAP columns element by element', async () => {
    unitTests([
      '  - name: nested_values',
      '    model: crate_facts',
      '    given:',
      "      - input: ref('crates')",
      '        rows:',
      `          - {crate_id: 1, woods: [ash, "it's \\"elm\\""], size: {width: 2, label: low}, parts: {nails: 12}}`,
      '          - {crate_id: 2, woods: [fir], size: {width: 5, label: null}, parts: {screws: 3}}',
      '    expect:',
      '      rows:',
      `          - {crate_id: 1, second_wood: "it's \\"elm\\"", wood_count: 2, label: low, nails: 12}`,
      '          - {crate_id: 2, second_wood: null, wood_count: 1, label: null, nails: null}',
    ].join('\n'));
    const run = await cli('test', '--select', 'test_name:nested_values');
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.equal(resultStatuses(dir).get('unit_test.shelf.crate_facts.nested_values'), 'pass');
  });

  test('integers past 2^53 in dict rows stay exact, as Python keeps them', async () => {
    writeProjectFile(dir, 'models/next_crate.sql', "select crate_id + 1 as next_id from {{ ref('crates') }}\n");
    unitTests([
      '  - name: huge_ids',
      '    model: next_crate',
      '    given:',
      "      - input: ref('crates')",
      '        rows: [{crate_id: 9007199254740993}]',
      '    expect:',
      '      rows: [{next_id: 9007199254740994}]',
    ].join('\n'));
    try {
      const run = await cli('test', '--select', 'test_name:huge_ids');
      assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    } finally {
      rmSync(join(dir, 'models/next_crate.sql'));
    }
  });

  // dbt's stand-in for a given input is an ephemeral node, whose ref() renders as a bare CTE name:
  // `from{{- ref('crates') -}}` becomes `from__dbt__cte__crates`, one word, and the test fails to run.
  test('a ref written with whitespace control runs into the word before it, as in dbt', async () => {
    unitTests([
      '  - name: tight_ref',
      '    model: tight_join',
      '    given:',
      "      - input: ref('crates')",
      '        rows: [{crate_id: 4}, {crate_id: 5}]',
      '    expect:',
      '      rows: [{doubled: 8}, {doubled: 10}]',
    ].join('\n'));
    const run = await cli('test', '--select', 'test_name:tight_ref');
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    assert.match(run.out, /from__dbt__cte__crates/);
  });

  test("the model's sql_header runs before its unit test, so the macros it defines are there", async () => {
    writeProjectFile(dir, 'models/crate_volume.sql', [
      "{{ config(materialized='table') }}",
      '{% call set_sql_header(config) %}',
      'create or replace temp macro cube_of(x) as x * x * x;',
      '{% endcall %}',
      "select crate_id, cube_of(size.width) as volume from {{ ref('crates') }}",
      '',
    ].join('\n'));
    unitTests([
      '  - name: cubed',
      '    model: crate_volume',
      '    given:',
      "      - input: ref('crates')",
      '        rows: [{crate_id: 1, size: {width: 2, label: x}}]',
      '    expect:',
      '      rows: [{crate_id: 1, volume: 8}]',
    ].join('\n'));
    try {
      const run = await cli('test', '--select', 'test_name:cubed');
      assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    } finally {
      rmSync(join(dir, 'models/crate_volume.sql'));
    }
  });

  test("a fixture value the column's type refuses is an error that points at the data types, as dbt's does", async () => {
    unitTests([
      '  - name: wordy_id',
      '    model: crate_facts',
      '    given:',
      "      - input: ref('crates')",
      '        rows: [{crate_id: seven}]',
      '    expect:',
      '      rows: [{crate_id: 7}]',
    ].join('\n'));
    const run = await cli('test', '--select', 'test_name:wordy_id');
    assert.equal(run.code, 1);
    assert.match(run.out, /An error occurred during execution of unit test 'wordy_id'\. There may be an error in the unit test definition: check the data types\./);
    assert.match(run.out, /Conversion Error/);
  });

  test("a fixture column the relation lacks is dbt's Invalid column name error, for an input and for expect", async () => {
    unitTests([
      '  - name: stray_input_column',
      '    model: crate_facts',
      '    given:',
      "      - input: ref('crates')",
      '        rows: [{crate_id: 1, Colour: red}]',
      '    expect:',
      '      rows: [{crate_id: 1}]',
      '  - name: stray_expected_column',
      '    model: crate_facts',
      '    given:',
      "      - input: ref('crates')",
      '        rows: [{crate_id: 1}]',
      '    expect:',
      '      rows: [{crate_id: 1, weight: 3}]',
    ].join('\n'));
    const input = await cli('test', '--select', 'test_name:stray_input_column');
    assert.equal(input.code, 1);
    assert.match(input.out, /Invalid column name: 'colour' in unit test fixture for 'crates'\./);
    assert.match(input.out, /Accepted columns for 'crates' are: \['crate_id', 'woods', 'size', 'parts'\]/);
    const expected = await cli('test', '--select', 'test_name:stray_expected_column');
    assert.equal(expected.code, 1);
    assert.match(expected.out, /Invalid column name: 'weight' in unit test fixture for expected output\./);
    assert.match(expected.out, /Accepted columns for expected output are: \['crate_id', 'second_wood', 'wood_count', 'label', 'nails'\]/);
  });
});
