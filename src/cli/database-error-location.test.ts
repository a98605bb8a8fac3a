// End to end: a DuckDB error in a model names the line (and column) of the model's own .sql
// file, though DuckDB counts lines of the statement it ran (the compiled SQL, after Jinja, inside
// the materialization's `create ... as (` wrapper); its LINE is renumbered to the compiled file's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

describe('database errors point at the model source', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-db-error-'));
    writeProjectFile(dir, 'dbt_project.yml', "name: dberr\nversion: '1.0.0'\nprofile: dberr\nmodels:\n  dberr:\n    +materialized: table\n");
    writeProjectFile(dir, 'profiles.yml', 'dberr:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: dberr.duckdb\n');
    writeProjectFile(dir, 'models/people.sql', "select 1 as id, 'ada' as first_name\n");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** Runs one model written with `text` and returns the CLI output and its run_results message. */
  const fail = async (text: string, extra: string[] = []) => {
    writeProjectFile(dir, 'models/bad.sql', text);
    try {
      const run = await runCli(['run', '--project-dir', dir, '--select', '+bad', ...extra]);
      const rr = readArtifact<{ results: { unique_id: string; message: string | null }[] }>(dir, 'run_results.json');
      const message = rr.results.find((r) => r.unique_id === 'model.dberr.bad')?.message ?? '';
      return { run, message };
    } finally {
      rmSync(join(dir, 'models/bad.sql'), { force: true });
    }
  };
  const compiledLine = (n: number): string => readFileSync(join(dir, 'target/compiled/dberr/models/bad.sql'), 'utf8').split('\n')[n - 1]!;

  test('a config block, a comment and a loop before the bad column: source line and column, compiled line', async () => {
    const { run, message } = await fail(`{{ config(materialized='table') }}
-- people, with the columns listed below
{% set cols = ['id'] %}
select
  {% for c in cols %}{{ c }},{% endfor %}
  first_name, no_such_column
from {{ ref('people') }}
`);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    assert.match(message, /^Runtime Error in model bad \(models\/bad\.sql\)\n {2}Binder Error: .*no_such_column/);
    assert.match(message, /\n {2}in models\/bad\.sql line 6, column 15$/);
    assert.doesNotMatch(message, /compiled code at/, "dbt-duckdb's Runtime Error names no compiled file");
    const line = Number(/\n {2}LINE (\d+):/.exec(message)![1]);
    assert.match(compiledLine(line), /^ {2}first_name, no_such_column$/);
    // DuckDB's LINE is the compiled file's line, with the caret still under the column.
    const shown = new RegExp(`\\n {2}LINE ${line}: {3}first_name, no_such_column\\n( *)\\^`).exec(message);
    assert.ok(shown, message);
    assert.equal(shown[1]!.length, `  LINE ${line}: `.length + 14);
    assert.doesNotMatch(message, /\n(?! {2})/, 'every line of the cause is indented, a blank one too');
    assert.ok(run.out.includes('in models/bad.sql line 6, column 15'), run.out);
    assert.ok(!hasStackTrace(run.err) && !hasStackTrace(run.out));
  });

  test('a loop that expands to many lines before the error, and a ref on the failing line', async () => {
    const { run, message } = await fail(`{{ config(materialized='view') }}
{% for i in range(3) %}
select {{ i }} as id union all
{% endfor %}
select missing_id from {{ ref('people') }}
`);
    assert.equal(run.code, 1);
    assert.match(message, /\n {2}in models\/bad\.sql line 5, column 8$/);
    const line = Number(/\n {2}LINE (\d+):/.exec(message)![1]);
    assert.ok(line > 5, 'the compiled line differs from the source line');
    assert.match(compiledLine(line), /^select missing_id from "dberr"\."main"\."people"$/);
  });

  test('a syntax error in plain SQL: same line in source and compiled file', async () => {
    const { run, message } = await fail('select 1 as a,\n  2 as b\n  frm people\n');
    assert.equal(run.code, 1);
    assert.match(message, /Parser Error: syntax error at or near "frm"\n {2}\n {2}LINE 3: {3}frm people\n/);
    assert.match(message, /\n {2}in models\/bad\.sql line 3, column 3$/);
  });

  test('an error on a line Jinja rewrote entirely is placed by the lines around it', async () => {
    const { run, message } = await fail(`select id,
  {{ 'bogus' ~ '_col' }}
from {{ ref('people') }}
`);
    assert.equal(run.code, 1);
    assert.match(message, /bogus_col/);
    assert.match(message, /\n {2}in models\/bad\.sql line 2(, column \d+)?$/, message);
  });

  test("an error without a position ends with the message, as dbt-duckdb's Runtime Error does", async () => {
    const { run, message } = await fail("select error('the data is wrong') as a\n");
    assert.equal(run.code, 1);
    assert.match(message, /the data is wrong/);
    assert.doesNotMatch(message, /LINE|in models\/bad\.sql line/);
    assert.doesNotMatch(message, /compiled code at/);
  });
});
