// End to end: a custom incremental strategy's arg_dict carries incremental_predicates as the
// model configured it (dbt-duckdb's `config.get('predicates') or config.get('incremental_predicates')`),
// not made into a list first: a string stays a string, and a mapping reaches dbt-duckdb's merge,
// whose check rejects it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('reel_vault');
  writeProjectFile(dir, 'macros/strategies.sql', [
    '{% macro get_incremental_noted_append_sql(arg_dict) %}',
    "  {%- set p = arg_dict['incremental_predicates'] -%}",
    "  {%- do log('predicates given: ' ~ (p is string) ~ ' ' ~ p, info=True) -%}",
    "  insert into {{ arg_dict['target_relation'] }} select * from {{ arg_dict['temp_relation'] }}",
    '{% endmacro %}',
    '',
    '{% macro get_incremental_guarded_merge_sql(arg_dict) %}',
    '  {{ return(get_incremental_merge_sql(arg_dict)) }}',
    '{% endmacro %}',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'models/reels.sql', "{{ config(materialized='incremental', incremental_strategy='noted_append', incremental_predicates='DBT_INTERNAL_DEST.reel_id > 0') }}\nselect 1 as reel_id\n");
  writeProjectFile(dir, 'models/vaults.sql', "{{ config(materialized='incremental', incremental_strategy='guarded_merge', unique_key='vault_id', incremental_predicates={'vault_id': 1}) }}\nselect 1 as vault_id\n");
  const first = await cli('run');
  assert.equal(first.code, 0, first.out + first.err);
});
after(() => rm(dir, { recursive: true, force: true }));

test('a string incremental_predicates reaches the strategy macro as the string it is', async () => {
  const run = await cli('run', '-s', 'reels');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /predicates given: True DBT_INTERNAL_DEST\.reel_id > 0/u);
});

test("a mapping incremental_predicates reaches dbt-duckdb's merge, which rejects it", async () => {
  const run = await cli('run', '-s', 'vaults');
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out + run.err, /incremental_predicates must be a list of strings or a string/u);
});
