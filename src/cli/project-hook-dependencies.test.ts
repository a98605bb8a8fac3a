// End to end: dbt renders on-run-start / on-run-end hooks while parsing, as it does a model, so
// the operation node of each hook records the refs and macros it calls (manifest.json's refs and
// depends_on), and a hook that refs a node that does not exist fails the parse.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface ManifestJson {
  nodes: Record<string, { refs: unknown[]; depends_on: { nodes: string[]; macros: string[] } }>;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
}

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

test("a project hook's operation node lists the refs and macros its SQL calls", async () => {
  const dir = await newProject('ledger_hooks', [
    'on-run-start:',
    `  - "-- depends_on: {{ ref('audit_log') }}\\n{{ open_audit() }}"`,
    'on-run-end:',
    "  - \"{{ log('closing', info=true) }}\"",
    '',
  ].join('\n'));
  dirs.push(dir);
  writeProjectFile(dir, 'macros/open_audit.sql', "{% macro open_audit() %}create table if not exists audit_events as select 1 as x{% endmacro %}\n");
  writeProjectFile(dir, 'models/audit_log.sql', 'select 1 as entry_id\n');
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const manifest = readArtifact<ManifestJson>(dir, 'manifest.json');
  const nodes = manifest.nodes;
  const start = nodes['operation.ledger_hooks.ledger_hooks-on-run-start-0']!;
  assert.deepEqual(start.refs, [{ name: 'audit_log', package: null, version: null }]);
  assert.deepEqual(start.depends_on, { macros: ['macro.ledger_hooks.open_audit'], nodes: ['model.ledger_hooks.audit_log'] });
  const end = nodes['operation.ledger_hooks.ledger_hooks-on-run-end-0']!;
  assert.deepEqual(end.depends_on, { macros: [], nodes: [] });
  // parent_map and child_map agree with depends_on, as dbt builds them from it.
  assert.deepEqual(manifest.parent_map['operation.ledger_hooks.ledger_hooks-on-run-start-0'], ['model.ledger_hooks.audit_log']);
  assert.deepEqual(manifest.child_map['model.ledger_hooks.audit_log'], ['operation.ledger_hooks.ledger_hooks-on-run-start-0']);
  assert.deepEqual(manifest.child_map['operation.ledger_hooks.ledger_hooks-on-run-start-0'], []);
  const build = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(build.code, 0, build.out + build.err);
});

test('a project hook that refs a node that does not exist fails the parse, naming the operation', async () => {
  const dir = await newProject('ledger_missing', `on-run-start:\n  - "select * from {{ ref('no_such_model') }}"\n`);
  dirs.push(dir);
  writeProjectFile(dir, 'models/entries.sql', 'select 1 as entry_id\n');
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.notEqual(run.code, 0, run.out + run.err);
  assert.match(run.out + run.err, /Operation 'operation\.ledger_missing\.ledger_missing-on-run-start-0' \(\.\/dbt_project\.yml\) depends on a node named 'no_such_model' which was not found/u);
});
