// End to end: once a run has executed its project hooks, manifest.json shows each hook's
// operation node as dbt leaves it: numbered by its place among the hooks of its kind (from 1),
// compiled, with its SQL written below the project file's path under target/compiled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

type Nodes = { nodes: Record<string, Record<string, unknown>> };

test('a hook that ran is compiled in manifest.json, numbered from 1, its SQL under target/compiled/<pkg>/./dbt_project.yml/hooks', async () => {
  const dir = await newProject('shop', 'on-run-start:\n  - "create schema if not exists raw"\n  - "create schema if not exists {{ \'core\' }}"\n');
  try {
    writeProjectFile(dir, 'models/orders.sql', 'select 1 as id\n');
    const parsed = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(parsed.code, 0, parsed.err);
    // Parsing alone leaves the parser's numbering and nothing compiled.
    const before = readArtifact<Nodes>(dir, 'manifest.json').nodes['operation.shop.shop-on-run-start-1']!;
    assert.equal(before.index, 1);
    assert.equal(before.compiled_path, null);
    assert.equal('compiled_code' in before, false);

    const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const nodes = readArtifact<Nodes>(dir, 'manifest.json').nodes;
    const first = nodes['operation.shop.shop-on-run-start-0']!;
    const second = nodes['operation.shop.shop-on-run-start-1']!;
    assert.equal(first.index, 1);
    assert.equal(second.index, 2);
    assert.equal(second.compiled, true);
    assert.equal(second.compiled_code, 'create schema if not exists core');
    assert.equal(second.extra_ctes_injected, true);
    assert.deepEqual(second.extra_ctes, []);
    assert.equal(second.compiled_path, 'target/compiled/shop/./dbt_project.yml/hooks/shop-on-run-start-1.sql');
    const file = join(dir, 'target/compiled/shop/dbt_project.yml/hooks/shop-on-run-start-1.sql');
    assert.equal(existsSync(file), true);
    assert.equal(readFileSync(file, 'utf8'), 'create schema if not exists core');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
