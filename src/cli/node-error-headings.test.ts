// End to end: the heading of a failed node's message, as dbt with dbt-duckdb words it. DuckDB's
// own errors (catalog, constraint, conversion...) are Runtime Errors, since dbt-duckdb raises
// every DuckDB error as DbtRuntimeError, also from run_query() while a node compiles; Jinja
// errors are Compilation Errors; exceptions.raise_database_error() is a Database Error wherever
// it is raised. run_results.json and the end-of-run summary carry the same paragraph.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

describe('failed node headings', () => {
  let dir = '';
  let output = '';
  let messages = new Map<string, string>();
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-error-headings-'));
    writeProjectFile(dir, 'dbt_project.yml', "name: quarry\nversion: '1.0.0'\nprofile: quarry\nmodels:\n  quarry:\n    +materialized: table\n");
    writeProjectFile(dir, 'profiles.yml', 'quarry:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: quarry.duckdb\n');
    writeProjectFile(dir, 'macros/refuse.sql', "{% macro refuse_load() %}{% do exceptions.raise_database_error('the loader refused this batch') %}{% endmacro %}\n");
    writeProjectFile(dir, 'models/missing_table.sql', 'select * from no_such_quarry_table\n');
    writeProjectFile(dir, 'models/bad_cast.sql', "select 'granite'::integer as tonnes\n");
    writeProjectFile(dir, 'models/null_id.sql', "{{ config(contract={'enforced': true}) }}\nselect null::integer as id\n");
    writeProjectFile(dir, 'models/schema.yml', 'version: 2\nmodels:\n  - name: null_id\n    columns:\n      - name: id\n        data_type: integer\n        constraints: [{type: not_null}]\n');
    writeProjectFile(dir, 'models/unknown_macro.sql', 'select {{ no_such_quarry_macro() }} as x\n');
    writeProjectFile(dir, 'models/lookup_fails.sql', "{% if execute %}{% set r = run_query('select * from no_such_lookup') %}{% endif %}select 1 as a\n");
    writeProjectFile(dir, 'models/refused_in_hook.sql', "{{ config(post_hook='{{ refuse_load() }}') }}\nselect 1 as a\n");
    writeProjectFile(dir, 'models/refused_in_body.sql', "{% if execute %}{{ refuse_load() }}{% endif %}select 1 as a\n");
    const run = await runCli(['run', '--project-dir', dir]);
    assert.equal(run.code, 1, run.out + run.err);
    // Without the log's timestamps, as the lines read.
    output = `${run.out}\n${run.err}`.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/u, '')).join('\n');
    const results = readArtifact<{ results: { unique_id: string; message: string | null }[] }>(dir, 'run_results.json').results;
    messages = new Map(results.map((r) => [r.unique_id.replace('model.quarry.', ''), r.message ?? '']));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const heading = (model: string, kind: string, cause: RegExp) => {
    const message = messages.get(model) ?? '';
    assert.ok(message.startsWith(`${kind} in model ${model} (models/${model}.sql)\n  `), message);
    assert.match(message, cause);
    // Every line of the cause two spaces in (a blank one too, as dbt prints it), in the summary as in
    // run_results.json, with no stack trace.
    assert.ok(!/\n(?! {2})/u.test(message), message);
    assert.ok(output.includes(message), `the summary lacks:\n${message}\n---\n${output}`);
    assert.ok(!hasStackTrace(message));
  };

  test('DuckDB errors are dbt-duckdb\'s Runtime Errors, with the DuckDB message and the line', () => {
    heading('missing_table', 'Runtime Error', /\n {2}Catalog Error: Table with name no_such_quarry_table does not exist!.*\n {2}in models\/missing_table\.sql line 1, column 15$/su);
    heading('bad_cast', 'Runtime Error', /\n {2}Conversion Error: Could not convert string 'granite'/u);
    heading('null_id', 'Runtime Error', /\n {2}Constraint Error: NOT NULL constraint failed/u);
  });

  test('a DuckDB error from run_query() while the node compiles is a Runtime Error too, not a Compilation Error', () => {
    heading('lookup_fails', 'Runtime Error', /\n {2}Catalog Error: Table with name no_such_lookup does not exist!/u);
  });

  test('a Jinja error is a Compilation Error', () => {
    heading('unknown_macro', 'Compilation Error', /'no_such_quarry_macro' is undefined/u);
  });

  test('exceptions.raise_database_error() is a Database Error, from the model body or from a hook', () => {
    heading('refused_in_body', 'Database Error', /\n {2}the loader refused this batch\n/u);
    heading('refused_in_hook', 'Database Error', /\n {2}the loader refused this batch\n/u);
  });

  test('the summary counts them all', () => {
    assert.match(output, /Completed with 7 errors, 0 partial successes, and 0 warnings:/u);
    assert.match(output, /Done\. PASS=0 WARN=0 ERROR=7 SKIP=0 (?:NO-OP=0 )?TOTAL=7/u);
  });
});
