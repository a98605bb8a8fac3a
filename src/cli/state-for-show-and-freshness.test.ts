// End to end: `show` and `source freshness` take `--state DIR` like every dbt command, so
// `state:modified` (and `result:`) selection works there too, on a real DuckDB file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

describe('--state on show and source freshness', () => {
  let dir = '';
  let stateDir = '';
  const sources = (freshOrdersHours: number): string => `version: 2
sources:
  - name: raw
    schema: raw
    loaded_at_field: loaded_at
    freshness:
      warn_after: {count: 1, period: hour}
      error_after: {count: ${freshOrdersHours}, period: hour}
    tables:
      - name: orders
      - name: events
        freshness:
          warn_after: {count: 1, period: hour}
          error_after: {count: 1, period: day}
`;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-state-cmds-'));
    stateDir = join(dir, 'prod-target');
    writeProjectFile(dir, 'dbt_project.yml', "name: statecmds\nversion: '1.0.0'\nprofile: statecmds\n");
    writeProjectFile(dir, 'profiles.yml', 'statecmds:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: state.duckdb\n');
    writeProjectFile(dir, 'models/sources.yml', sources(24));
    writeProjectFile(dir, 'models/kept.sql', "select 1 as id, 'kept' as label\n");
    writeProjectFile(dir, 'models/changed.sql', "select 2 as id, 'before' as label\n");
    await queryDb(
      join(dir, 'state.duckdb'),
      'create schema raw',
      "create table raw.orders as select now()::timestamp - interval 5 minute as loaded_at",
      "create table raw.events as select now()::timestamp - interval 3 day as loaded_at",
    );
    // The comparison state: the manifest of the project as it was.
    const parse = await runCli(['parse', '--project-dir', dir, '-q']);
    assert.equal(parse.code, 0, parse.err);
    cpSync(join(dir, 'target'), stateDir, { recursive: true });
    // Then one model and one source change.
    writeProjectFile(dir, 'models/changed.sql', "select 3 as id, 'after' as label\n");
    writeProjectFile(dir, 'models/sources.yml', sources(48));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test("--state naming the project's own target folder gives dbt's warning; another folder does not", async () => {
    const same = await runCli(['ls', '--project-dir', dir, '--select', 'state:modified', '--state', join(dir, 'target')]);
    assert.equal(same.code, 0, same.err);
    assert.match(same.out + same.err, /Warning: The state and target directories are the same: '.*target'\. This could lead to missing changes/);
    const other = await runCli(['ls', '--project-dir', dir, '--select', 'state:modified', '--state', stateDir]);
    assert.equal(other.code, 0, other.err);
    assert.doesNotMatch(other.out + other.err, /state and target directories/);
  });

  // dbt's show previews the selected nodes whose name is in the first --select value as typed, so the
  // value names the model: intersected with state:modified, it is previewed only if state selects it.
  test('show --select state:modified,changed --state previews the modified model, compiled from its current code', async () => {
    const run = await runCli(['show', '--project-dir', dir, '--select', 'state:modified,changed', '--state', stateDir, '--output', 'json', '-q']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const preview = JSON.parse(run.out) as { show: { id: number; label: string }[] };
    assert.deepEqual(preview.show, [{ id: 3, label: 'after' }]);
  });

  test('show --select state:modified without --state says to pass it (exit 2, no stack trace)', async () => {
    const run = await runCli(['show', '--project-dir', dir, '--select', 'state:modified']);
    assert.equal(run.code, 2);
    assert.match(run.err, /Got a state selector method, but no comparison manifest \(for 'state:modified'\)/);
    assert.match(run.err, /--state/);
    assert.ok(!hasStackTrace(run.err));
  });

  test('show --selector and --exclude apply as on other commands', async () => {
    const excluded = await runCli(['show', '--project-dir', dir, '--select', 'kept changed', '--exclude', 'kept', '--output', 'json', '-q']);
    assert.equal(excluded.code, 0, excluded.err);
    assert.deepEqual((JSON.parse(excluded.out) as { show: unknown[] }).show, [{ id: 3, label: 'after' }]);
    writeProjectFile(dir, 'selectors.yml', 'selectors:\n  - name: only_kept\n    definition: kept\n');
    try {
      const run = await runCli(['show', '--project-dir', dir, '--select', 'kept', '--selector', 'only_kept', '--output', 'json', '-q']);
      assert.equal(run.code, 0, run.err);
      assert.deepEqual((JSON.parse(run.out) as { show: unknown[] }).show, [{ id: 1, label: 'kept' }]);
    } finally {
      await rm(join(dir, 'selectors.yml'), { force: true });
    }
  });

  test('source freshness --select state:modified --state checks only the modified source', async () => {
    const out = join(dir, 'fresh', 'modified.json');
    const run = await runCli(['source', 'freshness', '--project-dir', dir, '--select', 'state:modified', '--state', stateDir, '--output-path', out]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    assert.match(run.out, /PASS freshness of raw\.orders/);
    assert.doesNotMatch(`${run.out}\n${run.err}`, /raw\.events/);
    const written = JSON.parse((await import('node:fs')).readFileSync(out, 'utf8')) as { results: { unique_id: string; status: string }[] };
    assert.deepEqual(written.results.map((r) => [r.unique_id, r.status]), [['source.statecmds.raw.orders', 'pass']]);
    assert.ok(!existsSync(join(dir, 'target', 'sources.json')), '--output-path replaces target/sources.json');
  });

  test('source freshness without a state selector still checks every source', async () => {
    const run = await runCli(['source', 'freshness', '--project-dir', dir, '--state', stateDir]);
    assert.equal(run.code, 1, 'the stale source is an error');
    const written = readArtifact<{ results: { unique_id: string; status: string }[] }>(dir, 'sources.json');
    assert.deepEqual(written.results.map((r) => r.status).sort(), ['error', 'pass']);
  });
});
