// End to end: the DuckDB adapter's own macros are listed in manifest.json under dbt's package
// name for them, `dbt_duckdb` (macro.dbt_duckdb.duckdb__dateadd), in `macros` and in nodes'
// depends_on.macros, while dispatch finds them as before: through the `dbt` namespace, after a
// root project's own duckdb__ implementation.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface ManifestShape {
  macros: Record<string, { package_name: string; original_file_path: string; depends_on: { macros: string[] } }>;
  nodes: Record<string, { depends_on: { macros: string[] } }>;
}

describe('adapter macros in the manifest', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('almanac');
    writeProjectFile(dir, 'models/next_day.sql', "select {{ dbt.dateadd('day', 1, \"date '2024-02-28'\") }} as next_day\n");
    writeProjectFile(dir, 'models/first_of_list.sql', "select {{ dbt.last_day(\"date '2024-02-10'\", 'month') }} as month_end, {{ location_exists('nowhere.parquet') }} as found\n");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('are package dbt_duckdb in macros and depends_on, and still dispatch from dbt', async () => {
    const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.err);
    const manifest = readArtifact<ManifestShape>(dir, 'manifest.json');
    const adapterIds = Object.keys(manifest.macros).filter((id) => id.split('.')[2]!.startsWith('duckdb__'));
    assert.ok(adapterIds.length > 5);
    for (const id of adapterIds) {
      assert.match(id, /^macro\.dbt_duckdb\./);
      assert.equal(manifest.macros[id]!.package_name, 'dbt_duckdb');
    }
    assert.equal(manifest.macros['macro.dbt_duckdb.location_exists']?.package_name, 'dbt_duckdb');
    assert.equal(manifest.macros['macro.dbt.dateadd']?.package_name, 'dbt');
    // A node lists the macros it calls itself; the implementation dispatch picks is the macro's dependency.
    assert.deepEqual(manifest.nodes['model.almanac.next_day']!.depends_on.macros, ['macro.dbt.dateadd']);
    assert.deepEqual(manifest.macros['macro.dbt.dateadd']!.depends_on.macros, ['macro.dbt_duckdb.duckdb__dateadd']);
    assert.deepEqual(new Set(manifest.nodes['model.almanac.first_of_list']!.depends_on.macros), new Set(['macro.dbt.last_day', 'macro.dbt_duckdb.location_exists']));
    assert.deepEqual(manifest.macros['macro.dbt.last_day']!.depends_on.macros, ['macro.dbt_duckdb.duckdb__last_day']);
    assert.doesNotMatch(readFileSync(join(dir, 'target/manifest.json'), 'utf8'), /"macro\.dbt\.duckdb__/);
    // Dispatch is unchanged: the adapter's implementation renders DuckDB SQL.
    const compiled = readFileSync(join(dir, 'target/compiled/almanac/models/next_day.sql'), 'utf8');
    assert.match(compiled, /interval/i);
    // run-operation finds an adapter macro by its bare name, as dbt's internal packages are global.
    const op = await runCli(['run-operation', 'location_exists', '--args', '{location: nowhere.parquet}', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(op.code, 0, op.err);
  });

  test("a root project's own duckdb__ macro wins dispatch and is listed under the project", async () => {
    writeProjectFile(dir, 'macros/dateadd.sql', "{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) %}({{ from_date_or_timestamp }} + 1) /* almanac */{% endmacro %}\n");
    try {
      const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(run.code, 0, run.err);
      const manifest = readArtifact<ManifestShape>(dir, 'manifest.json');
      assert.deepEqual(manifest.nodes['model.almanac.next_day']!.depends_on.macros, ['macro.dbt.dateadd']);
      assert.deepEqual(manifest.macros['macro.dbt.dateadd']!.depends_on.macros, ['macro.almanac.duckdb__dateadd']);
      assert.ok(manifest.macros['macro.dbt_duckdb.duckdb__dateadd'], 'the adapter macro is still listed');
      assert.match(readFileSync(join(dir, 'target/compiled/almanac/models/next_day.sql'), 'utf8'), /almanac/);
    } finally {
      await rm(join(dir, 'macros'), { recursive: true, force: true });
    }
  });
});
