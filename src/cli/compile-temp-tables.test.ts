// End to end: a node whose templates make a temporary table while it compiles (run_query) can
// select from it, whatever thread runs it: as in dbt, where a node compiles and runs on one
// connection, its SQL runs on the session its compile-time statements went to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

test('temporary tables made by run_query while a model or test compiles are visible to its own SQL, with many threads', async () => {
  const dir = await newProject('kennel');
  try {
    for (let i = 1; i <= 12; i++) {
      const kind = i % 2 === 0 ? 'table' : 'incremental';
      writeProjectFile(
        dir,
        `models/dogs_${i}.sql`,
        `{{ config(materialized='${kind}') }}
{% if execute %}{% do run_query('create or replace temp table litter_${i} as select ${i} as pup') %}{% endif %}
select pup from litter_${i}
`,
      );
      writeProjectFile(
        dir,
        `tests/litter_${i}_matches.sql`,
        `{% if execute %}{% do run_query('create or replace temp table expected_${i} as select ${i} as pup') %}{% endif %}
select * from {{ ref('dogs_${i}') }} where pup not in (select pup from expected_${i})
`,
      );
    }
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '--threads', '8']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.match(run.out, /PASS=24 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=24/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
