// End to end: a root project's source entry with `overrides: <package>` patches the package's
// source of that name (its schema, description, a table's identifier), so the package's models
// read where the project says; dbt 1.10 applies it (its SourceOverrideDeprecation comes from
// JSON-schema checks that do not run on DuckDB, so it is a debug line) and warns of overrides
// that match no source or table.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, queryDb, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface SourceShape {
  relation_name: string;
  description: string;
  loader: string;
  config: { enabled: boolean };
  freshness: { warn_after: { count: number | null } } | null;
}

let dir = '';
before(async () => {
  dir = await newProject('harbor');
  writeProjectFile(dir, 'dbt_packages/ferry_source/dbt_project.yml', "name: 'ferry_source'\nversion: '1.0.0'\n");
  writeProjectFile(dir, 'dbt_packages/ferry_source/models/src_ferry.yml', [
    'sources:',
    '  - name: ferry',
    '    schema: ferry_raw',
    '    description: Ferry crossings as the vendor syncs them.',
    '    loader: vendor',
    '    freshness: {warn_after: {count: 12, period: hour}}',
    '    tables:',
    '      - name: crossing',
    '        description: One row per crossing.',
    '      - name: vessel',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'dbt_packages/ferry_source/models/stg_ferry__crossing.sql', "select * from {{ source('ferry', 'crossing') }}\n");
  writeProjectFile(dir, 'seeds/harbor_crossings.csv', 'crossing_id,port\n1,north\n2,south\n');
  writeProjectFile(dir, 'models/src_overrides.yml', [
    'sources:',
    '  - name: ferry',
    '    overrides: ferry_source',
    '    schema: main',
    '    tables:',
    '      - name: crossing',
    '        identifier: harbor_crossings',
    '      - name: cargo',
    '  - name: bus',
    '    overrides: ferry_source',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test("an override patches the package's source, and the package's model reads the overridden table", async () => {
  const seed = await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(seed.code, 0, seed.out + seed.err);
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const [rows] = await queryDb(`${dir}/harbor.duckdb`, 'select count(*) from main.stg_ferry__crossing');
  assert.equal(Number(rows[0]![0]), 2);

  const sources = readArtifact<{ sources: Record<string, SourceShape> }>(dir, 'manifest.json').sources;
  const crossing = sources['source.ferry_source.ferry.crossing']!;
  assert.match(crossing.relation_name, /\."main"\."harbor_crossings"$/u);
  assert.equal(crossing.description, 'One row per crossing.');
  assert.equal(crossing.loader, 'vendor');
  // The override gives no freshness, which (as dbt patches sources) drops the package's.
  assert.equal(crossing.freshness?.warn_after.count ?? null, null);
  // A table the override does not list keeps its own properties, under the overridden schema.
  assert.match(sources['source.ferry_source.ferry.vessel']!.relation_name, /\."main"\."vessel"$/u);
  assert.equal(Object.keys(sources).some((id) => id.startsWith('source.harbor.')), false);

  const text = run.out + run.err;
  // The package's top-level freshness is its own deprecation (PropertyMovedToConfigDeprecation); overrides: has none.
  assert.doesNotMatch(text, /overrides` is deprecated|SourceOverrideDeprecation/u);
  const debug = await runCli(['--warn-error-options', '{"error": ["SourceOverrideDeprecation"]}', 'parse', '--debug', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(debug.code, 0, debug.out + debug.err);
  assert.match(debug.out, /The source property `overrides` is deprecated but was found on source `ferry` in file `models\/src_overrides\.yml`/u);
  // Once, for the first override.
  assert.equal(debug.out.match(/The source property `overrides` is deprecated/gu)?.length, 1);
  assert.match(text, /During parsing, dbt encountered source overrides that had no target:/u);
  assert.match(text, / {2}- Source table ferry_source\.ferry\.cargo \(in models\/src_overrides\.yml\)/u);
  assert.match(text, / {2}- Source ferry_source\.bus \(in models\/src_overrides\.yml\)/u);
});
