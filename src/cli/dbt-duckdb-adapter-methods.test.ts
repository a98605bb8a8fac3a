// dbt-duckdb's `adapter` methods that project macros call, end to end: the profile facts they
// report (is_ducklake, is_motherduck, disable_transactions), warn_once, get_binding_char,
// get_seed_file_path, get_column_schema_from_query, and the external-location helpers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scenarioProject } from './incremental-scenario-kit.js';
import { readArtifact } from './test-helpers.js';

const probe = `{% macro probe() %}
{% set lake = api.Relation.create(database='lake', schema='main', identifier='t') %}
{% set side = api.Relation.create(database='side', schema='main', identifier='t') %}
{{ print('lake=' ~ adapter.is_ducklake(lake) ~ ' side=' ~ adapter.is_ducklake(side) ~ ' none=' ~ adapter.is_ducklake(none)) }}
{{ print('md=' ~ adapter.is_motherduck() ~ ' notx=' ~ adapter.disable_transactions() ~ ' bind=' ~ adapter.get_binding_char()) }}
{% do adapter.warn_once('lake tables are append-only') %}{% do adapter.warn_once('lake tables are append-only') %}
{{ print('seed=' ~ adapter.get_seed_file_path({'root_path': '/proj', 'original_file_path': 'seeds/boats.csv'})) }}
{% set cols = adapter.get_column_schema_from_query('select 1::integer as id, $$x$$ as name') %}
{{ print('cols=' ~ (cols | map(attribute='name') | join(',')) ~ ' ' ~ (cols | map(attribute='dtype') | join(','))) }}
{% set ended = adapter.get_column_schema_from_query('select 2 as code -- the last line is a comment') %}
{% set closed = adapter.get_column_schema_from_query('select 3 as code;\n') %}
{{ print('ended=' ~ (ended | map(attribute='name') | join(',')) ~ ' closed=' ~ (closed | map(attribute='name') | join(','))) }}
{{ print('threads=' ~ adapter.external_read_location('out/trips.parquet', {'per_thread_output': true})[-27:]) }}
{{ print('opts=' ~ adapter.external_write_options('out/trips', {'delimiter': '|', 'quote': '"'})) }}
{% endmacro %}
`;

describe('dbt-duckdb adapter methods', () => {
  test('report the profile, warn once, and build external-location options as dbt-duckdb does', async () => {
    const p = await scenarioProject(
      { 'macros/probe.sql': probe },
      '      disable_transactions: true\n      attach:\n        - path: lake.duckdb\n          is_ducklake: true\n        - path: other.duckdb\n          alias: side\n',
    );
    try {
      const run = await p.ok('run-operation', 'probe');
      const out = run.out + run.err;
      assert.match(out, /lake=True side=False none=False/);
      assert.match(out, /md=False notx=True bind=\?/);
      assert.equal(out.split('\n').filter((l) => l.includes('lake tables are append-only')).length, 1, out);
      assert.match(out, /seed=\/proj\/seeds\/boats\.csv/);
      assert.match(out, /cols=id,name INTEGER,VARCHAR/);
      // dbt runs the query as it is: one ending in a comment or a semicolon has its columns too.
      assert.match(out, /ended=code closed=code/);
      assert.match(out, /threads=out\/trips\.parquet\/\*\.parquet/);
      assert.match(out, /opts=delimiter '\|', quote '"', format csv, header 1/);
    } finally {
      await p.dispose();
    }
  });

  test("get_incremental_strategy_macro refuses a strategy as dbt-duckdb's adapter does, naming one of dbt's own it does not offer", async () => {
    const p = await scenarioProject({
      'macros/pick.sql': "{% macro pick(name) %}{% do adapter.get_incremental_strategy_macro(context, name) %}{% endmacro %}\n",
    });
    try {
      const message = async (name: string) => {
        const run = await p.run('run-operation', 'pick', '--args', `{name: '${name}'}`);
        assert.equal(run.code, 1, run.out + run.err);
        return readArtifact<{ results: { message: string }[] }>(p.dir, 'run_results.json').results[0]?.message;
      };
      assert.equal(await message('insert_overwrite'), "The incremental strategy 'insert_overwrite' is not valid for this adapter");
      assert.match((await message('shuffle+deal')) ?? '', /^dbt could not find an incremental strategy macro with the name "get_incremental_shuffle_deal_sql" in /u);
      assert.equal((await p.run('run-operation', 'pick', '--args', "{name: 'merge'}")).code, 0);
    } finally {
      await p.dispose();
    }
  });
});
