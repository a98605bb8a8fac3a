// End to end: an exposure's depends_on may name metrics with metric(), as dbt documents. The
// metric becomes a parent of the exposure (after its refs and sources in depends_on.nodes), is
// listed under `metrics` in manifest.json, and selection walks from the exposure through it to
// its semantic model; a metric nothing defines fails the parse at the exposure.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listLines, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const LAYER = `semantic_models:
  - name: tickets
    model: ref('ticket_sales')
    defaults:
      agg_time_dimension: sold_on
    entities:
      - name: ticket
        type: primary
        expr: ticket_id
    dimensions:
      - name: sold_on
        type: time
        type_params:
          time_granularity: day
    measures:
      - name: takings
        agg: sum
metrics:
  - name: total_takings
    label: Takings
    type: simple
    type_params:
      measure: takings
`;

const exposure = (dependsOn: string) => `exposures:
  - name: box_office
    type: dashboard
    owner: {email: ops@example.com}
    depends_on:
${dependsOn}`;

let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-exposure-metric-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: cinema\nprofile: cinema\n');
  writeProjectFile(dir, 'profiles.yml', 'cinema:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: cinema.duckdb\n');
  writeProjectFile(dir, 'models/ticket_sales.sql', "select 1 as ticket_id, date '2025-06-01' as sold_on, 12.5 as takings\n");
  writeProjectFile(dir, 'models/screens.sql', 'select 1 as screen_id\n');
  writeProjectFile(dir, 'models/layer.yml', LAYER);
  // A daily time spine, which dbt requires of any project with semantic models.
  writeProjectFile(dir, 'models/days.sql', "select date '2025-06-01' as day\n");
  writeProjectFile(dir, 'models/days.yml', 'models:\n  - name: days\n    time_spine:\n      standard_granularity_column: day\n    columns:\n      - name: day\n        granularity: day\n');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface ExposureJson { depends_on: { nodes: string[] }; metrics: string[][] }
interface ManifestJson { exposures: Record<string, ExposureJson>; parent_map: Record<string, string[]> }

test("an exposure's metric() dependency is its parent, listed under metrics, after its refs", async () => {
  writeProjectFile(dir, 'models/exposures.yml', exposure("      - metric('total_takings')\n      - ref('screens')\n"));
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err);
  const manifest = readArtifact<ManifestJson>(dir, 'manifest.json');
  const box = manifest.exposures['exposure.cinema.box_office']!;
  assert.deepEqual(box.depends_on.nodes, ['model.cinema.screens', 'metric.cinema.total_takings']);
  assert.deepEqual(box.metrics, [['total_takings']]);
  assert.ok(manifest.parent_map['exposure.cinema.box_office']!.includes('metric.cinema.total_takings'));
  assert.deepEqual(await listLines(dir, '-s', '+exposure:box_office', '--resource-type', 'metric', 'semantic_model', 'model'), [
    'metric:cinema.total_takings',
    'cinema.screens',
    'cinema.ticket_sales',
    'semantic_model:cinema.tickets',
  ]);
});

test("metric('name', 'package') names the package second, as dbt records it", async () => {
  writeProjectFile(dir, 'models/exposures.yml', exposure("      - metric('total_takings', 'cinema')\n"));
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err);
  const box = readArtifact<ManifestJson>(dir, 'manifest.json').exposures['exposure.cinema.box_office']!;
  assert.deepEqual(box.metrics, [['cinema', 'total_takings']]);
  assert.deepEqual(box.depends_on.nodes, ['metric.cinema.total_takings']);
});

test('an exposure depending on a metric nothing defines fails the parse, naming both', async () => {
  writeProjectFile(dir, 'models/exposures.yml', exposure("      - metric('total_popcorn')\n"));
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.notEqual(run.code, 0);
  assert.match(run.out + run.err, /Exposure 'exposure\.cinema\.box_office' \(models\/exposures\.yml\) depends on a metric named 'total_popcorn' which was not found/u);
});
