// End to end: a ref() or source() the parse never saw (behind `execute`, or in a var a macro only
// reads while the node runs) that finds nothing fails the node with dbt's TargetNotFoundError:
// the node by unique id and path, the target, and whether it is disabled or missing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
before(async () => {
  dir = await newProject('depot');
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: yard',
    '    schema: main',
    '    tables:',
    '      - name: retired',
    '        config: {enabled: false}',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'models/old_lines.sql', "{{ config(enabled=false) }}\nselect 1 as line_id\n");
  writeProjectFile(dir, 'models/retired_cars.sql', "{% if execute %}select * from {{ source('yard', 'retired') }}{% else %}select 1 as car_id{% endif %}\n");
  writeProjectFile(dir, 'models/old_routes.sql', "{% if execute %}select * from {{ ref('old_lines') }}{% else %}select 1 as line_id{% endif %}\n");
  writeProjectFile(dir, 'models/ghost_routes.sql', "{% if execute %}select * from {{ ref('depot', 'ghost_lines') }}{% else %}select 1 as line_id{% endif %}\n");
});
after(() => rm(dir, { recursive: true, force: true }));

test("a source() that runs only at execution and finds a disabled source says so, as dbt's TargetNotFoundError", async () => {
  const run = await runCli(['run', '-s', 'retired_cars', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out + run.err, /Model 'model\.depot\.retired_cars' \(models\/retired_cars\.sql\) depends on a source named 'yard\.retired' which is disabled/u);
});

test('a ref() that runs only at execution names the node, and a disabled or a missing target', async () => {
  const run = await runCli(['run', '-s', 'old_routes', 'ghost_routes', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out + run.err, /Model 'model\.depot\.old_routes' \(models\/old_routes\.sql\) depends on a node named 'old_lines' which is disabled/u);
  assert.match(run.out + run.err, /Model 'model\.depot\.ghost_routes' \(models\/ghost_routes\.sql\) depends on a node named 'ghost_lines' in package or project 'depot' which was not found/u);
});
