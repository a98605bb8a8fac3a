// End to end: depends_on.macros as dbt's manifest has it. A node lists the macros it calls
// itself (dbt's macro stack at depth 0), not those they call in turn; a generic test lists its
// test macro, then get_where_subquery; each macro lists the macros its source calls, with the
// implementation adapter.dispatch finds; the macros a node's hooks call count as the node's.
// state:modified follows those lists, so editing a macro that a node reaches only through
// another macro still modifies the node. An adapter macro is its own package to dbt: a name it
// calls but does not define resolves by name, so a root project's override of a dbt macro wins.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listLines, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface ManifestShape {
  nodes: Record<string, { depends_on: { macros: string[] } }>;
  macros: Record<string, { depends_on: { macros: string[] } }>;
}

const MACROS = [
  "{% macro outer(x) %}{{ inner(x) }} + {{ adapter.dispatch('shout', 'kiosk')(x) }}{% endmacro %}",
  '{% macro inner(x) %}({{ x }} + 1){% endmacro %}',
  '{% macro shout(x) %}{{ x }}{% endmacro %}',
  '{% macro default__shout(x) %}({{ x }} * 2){% endmacro %}',
  '',
].join('\n');

describe('depends_on.macros', () => {
  let dir = '';
  let stateDir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-macro-deps-'));
    stateDir = join(dir, 'prod-target');
    writeProjectFile(dir, 'dbt_project.yml', "name: kiosk\nversion: '1.0.0'\nprofile: kiosk\n");
    writeProjectFile(dir, 'profiles.yml', 'kiosk:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: kiosk.duckdb\n');
    writeProjectFile(dir, 'macros/math.sql', MACROS);
    writeProjectFile(dir, 'macros/clock.sql', '{% macro current_timestamp() %}current_timestamp{% endmacro %}\n');
    writeProjectFile(dir, 'models/orders.sql', "select {{ outer('1') }} as amount, 'placed' as status\n");
    writeProjectFile(dir, 'models/audit.sql', "{{ config(post_hook=\"select {{ inner('2') }}\") }}select {{ shout('3') }} as x\n");
    writeProjectFile(dir, 'models/orders.yml', [
      'models:',
      '  - name: orders',
      '    columns:',
      '      - name: status',
      '        data_tests:',
      "          - accepted_values: {values: ['placed']}",
      '',
    ].join('\n'));
    const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '-q']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    cpSync(join(dir, 'target'), stateDir, { recursive: true });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a node lists only the macros it calls itself', () => {
    const manifest = readArtifact<ManifestShape>(dir, 'manifest.json');
    assert.deepEqual(manifest.nodes['model.kiosk.orders']!.depends_on.macros, ['macro.kiosk.outer']);
  });

  test("the macros a node's hooks call are the node's too, after its own code's", () => {
    const manifest = readArtifact<ManifestShape>(dir, 'manifest.json');
    assert.deepEqual(manifest.nodes['model.kiosk.audit']!.depends_on.macros, ['macro.kiosk.shout', 'macro.kiosk.inner']);
  });

  test('a generic test lists its test macro, then get_where_subquery', () => {
    const manifest = readArtifact<ManifestShape>(dir, 'manifest.json');
    const id = Object.keys(manifest.nodes).find((k) => k.startsWith('test.kiosk.accepted_values_orders_status'))!;
    assert.deepEqual(manifest.nodes[id]!.depends_on.macros, ['macro.dbt.test_accepted_values', 'macro.dbt.get_where_subquery']);
  });

  test('a macro lists the macros its source calls, with the dispatched implementation', () => {
    const manifest = readArtifact<ManifestShape>(dir, 'manifest.json');
    assert.deepEqual(manifest.macros['macro.kiosk.outer']!.depends_on.macros, ['macro.kiosk.inner', 'macro.kiosk.shout', 'macro.kiosk.default__shout']);
    assert.deepEqual(manifest.macros['macro.kiosk.inner']!.depends_on.macros, []);
    assert.deepEqual(manifest.macros['macro.dbt.test_accepted_values']!.depends_on.macros, ['macro.dbt.default__test_accepted_values']);
  });

  test("an adapter macro calling a dbt macro the root project overrides lists the root's", () => {
    const manifest = readArtifact<ManifestShape>(dir, 'manifest.json');
    assert.deepEqual(manifest.macros['macro.dbt_duckdb.duckdb__snapshot_get_time']!.depends_on.macros, ['macro.kiosk.current_timestamp']);
    // a macro of dbt's own still finds dbt's current_timestamp first
    assert.deepEqual(manifest.macros['macro.dbt.default__snapshot_get_time']!.depends_on.macros, ['macro.dbt.current_timestamp']);
  });

  test('editing a macro reached only through another macro modifies the node', async () => {
    assert.deepEqual(await listLines(dir, '-s', 'state:modified', '--state', stateDir, '--resource-type', 'model'), []);
    writeProjectFile(dir, 'macros/math.sql', MACROS.replace('({{ x }} * 2)', '({{ x }} * 3)'));
    assert.deepEqual(await listLines(dir, '-s', 'state:modified', '--state', stateDir, '--resource-type', 'model'), ['kiosk.orders']);
  });
});
