// End to end: `schema` and `database` in a node's render are the node's own, as dbt's
// ModelContext gives them (a model with a custom schema, a data test in its audit schema);
// while the project parses, before names are generated, they are the target's.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('harbour', 'models:\n  harbour:\n    +schema: custom\n');
  writeProjectFile(dir, 'models/quay.sql', `{% do log('quay execute=' ~ execute ~ ' schema=' ~ schema ~ ' database=' ~ database, info=True) %}
select 1 as id
`);
  writeProjectFile(dir, 'tests/quay_ids.sql', `{% if execute %}{% do log('test schema=' ~ schema, info=True) %}{% endif %}
select * from {{ ref('quay') }} where id is null
`);
  writeProjectFile(dir, 'macros/describe_schema.sql', `{% macro describe_schema() %}{% do log('op schema=' ~ schema, info=True) %}{% endmacro %}
`);
});
after(async () => rm(dir, { recursive: true, force: true }));

test("a model's and a data test's renders name their own schema", async () => {
  const run = await cli('build');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /quay execute=False schema=main database=harbour\n/u);
  assert.match(run.out, /quay execute=True schema=main_custom database=harbour\n/u);
  assert.match(run.out, /test schema=main_dbt_test__audit\n/u);
});

test("a macro run on its own names the target's schema", async () => {
  const run = await cli('run-operation', 'describe_schema');
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(run.out, /op schema=main$/mu);
});
