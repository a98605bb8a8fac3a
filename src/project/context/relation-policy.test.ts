// End to end: api.Relation's default quote and include policies, and adapter.config (dbt's
// RuntimeConfig) with the project's quoting, as a package reads them to decide whether to quote
// a table name itself: the class default stays dbt-duckdb's (every part quoted) whatever the
// project's `quoting:` says, and adapter.config.quoting holds that config as written.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';
after(() => rm(dir, { recursive: true, force: true }));

test("api.Relation.get_default_quote_policy() and adapter.config.quoting answer as dbt's Policy and RuntimeConfig", async () => {
  dir = await newProject('quoter', 'quoting:\n  identifier: false\n');
  writeProjectFile(
    dir,
    'models/policies.sql',
    [
      "{{ config(materialized='table') }}",
      '{% set default_quoted = api.Relation.get_default_quote_policy().get_part("identifier") %}',
      '{% set configured = adapter.config.quoting.get("identifier", default_quoted) %}',
      '{% set name = "Audit Log" if configured else adapter.quote("Audit Log") %}',
      '{% set include = api.Relation.get_default_include_policy() %}',
      "select {{ default_quoted }} as default_quoted, {{ configured }} as configured, '{{ name }}' as table_name,",
      "  {{ include.database and include['schema'] and include.get_part('IDENTIFIER') }} as included,",
      "  {{ api.Relation.get_default_quote_policy() is mapping }} as policy_is_mapping,",
      "  '{{ adapter.config.project_name }}' as project_name, {{ adapter.config.quoting.get('database', 'null') }} as database_quoting",
      '',
    ].join('\n'),
  );
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const [rows] = await queryDb(join(dir, 'quoter.duckdb'), 'select * from main.policies');
  assert.deepEqual(rows, [[true, false, '"Audit Log"', true, true, 'quoter', null]]);
});
