// End to end: `compile --no-inject-ephemeral-ctes` leaves a node's __dbt__cte__ references without
// the ephemeral models' CTEs (dbt 1.6+), and inline SQL that refs an ephemeral model gets its CTEs
// (compile --inline and show --inline), as dbt compiles its inline node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const compiledFile = (): string => readFileSync(join(dir, 'target', 'compiled', 'orchard', 'models', 'harvest.sql'), 'utf8');

before(async () => {
  dir = await newProject('orchard');
  writeProjectFile(dir, 'models/ripe_apples.sql', "{{ config(materialized='ephemeral') }}\nselect 'cox' as variety, 12 as crates\n");
  writeProjectFile(dir, 'models/picked.sql', "{{ config(materialized='ephemeral') }}\nselect variety, crates * 2 as baskets from {{ ref('ripe_apples') }}\n");
  writeProjectFile(dir, 'models/harvest.sql', "select variety, baskets from {{ ref('picked') }}\n");
});
after(async () => rm(dir, { recursive: true, force: true }));

test('compile --no-inject-ephemeral-ctes keeps the __dbt__cte__ reference bare; by default the CTEs are prepended', async () => {
  const bare = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '--select', 'harvest', '--no-inject-ephemeral-ctes']);
  assert.equal(bare.code, 0, bare.out + bare.err);
  assert.equal(compiledFile().trim(), 'select variety, baskets from __dbt__cte__picked');
  assert.match(bare.out, /select variety, baskets from __dbt__cte__picked/);
  assert.doesNotMatch(bare.out, /with __dbt__cte__/);

  for (const flags of [[], ['--inject-ephemeral-ctes']]) {
    const injected = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '--select', 'harvest', ...flags]);
    assert.equal(injected.code, 0, injected.out + injected.err);
    // The ephemeral the ephemeral refs comes first, as dbt's _recursively_prepend_ctes orders them.
    assert.match(compiledFile(), /^with __dbt__cte__ripe_apples as \([\s\S]*\), +__dbt__cte__picked as \([\s\S]*\) select variety, baskets from __dbt__cte__picked/);
  }
});

test('inline SQL that refs an ephemeral model gets its CTEs: compile --inline prints them, show --inline runs', async () => {
  const compiled = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '--inline', "select baskets from {{ ref('picked') }}"]);
  assert.equal(compiled.code, 0, compiled.out + compiled.err);
  assert.match(compiled.out, /with __dbt__cte__ripe_apples as \([\s\S]*__dbt__cte__picked as \([\s\S]*\) select baskets from __dbt__cte__picked/);

  const bare = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '--inline', "select baskets from {{ ref('picked') }}", '--no-inject-ephemeral-ctes']);
  assert.equal(bare.code, 0, bare.out + bare.err);
  assert.match(bare.out, /Compiled inline node is:\nselect baskets from __dbt__cte__picked$/);

  const shown = await runCli(['show', '--project-dir', dir, '--profiles-dir', dir, '--inline', "select variety, baskets from {{ ref('picked') }}"]);
  assert.equal(shown.code, 0, shown.out + shown.err);
  assert.match(shown.out, /\| cox +\| +24 \|/);
});
