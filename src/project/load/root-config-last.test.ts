// End to end: the root project's dbt_project.yml configures an installed package's resources
// last, as dbt documents ("configurations in your root dbt project have higher precedence than
// configurations in installed packages"): over the package's config() calls and property files
// for its models, over its config: for its sources, exposures and semantic-layer resources.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from '../../cli/test-helpers.js';

interface Manifest {
  nodes: Record<string, { config: Record<string, unknown>; unrendered_config: Record<string, unknown> }>;
  sources: Record<string, { config: Record<string, unknown> }>;
  exposures: Record<string, { config: Record<string, unknown> }>;
  disabled: Record<string, { config: Record<string, unknown> }[]>;
}

let dir = '';

before(async () => {
  dir = await newProject('harbour', [
    'models:',
    '  docks:',
    '    +materialized: table',
    '    +meta: {steward: harbour}',
    '    +post-hook: "select 2"',
    '    cranes:',
    '      +enabled: false',
    'sources:',
    '  docks:',
    '    +meta: {steward: harbour}',
    '    manifests:',
    '      +enabled: false',
    'exposures:',
    '  docks:',
    '    +meta: {steward: harbour}',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'models/quay.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'dbt_packages/docks/dbt_project.yml', "name: docks\nversion: '1.0'\nconfig-version: 2\nmodels:\n  docks:\n    +materialized: ephemeral\n");
  writeProjectFile(dir, 'dbt_packages/docks/models/berths.sql', "{{ config(materialized='view', meta={'steward': 'package'}, post_hook='select 1', tags=['ships']) }}\nselect 1 as berth_id\n");
  writeProjectFile(dir, 'dbt_packages/docks/models/cranes/crane.sql', "{{ config(enabled=true) }}\nselect 1 as crane_id\n");
  writeProjectFile(dir, 'dbt_packages/docks/models/props.yml', [
    'sources:',
    '  - name: manifests',
    '    schema: main',
    '    config: {enabled: true, meta: {steward: package}}',
    '    tables:',
    '      - name: cargo',
    'exposures:',
    '  - name: tides',
    '    type: dashboard',
    '    owner: {email: pilot@example.com}',
    '    config: {meta: {steward: package}}',
    "    depends_on: [ref('berths')]",
    'models:',
    '  - name: berths',
    '    config: {materialized: incremental, meta: {steward: props}}',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test("the root project's dbt_project.yml wins over a package's own configs", async () => {
  const run = await runCli(['parse', '--project-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const m = readArtifact<Manifest>(dir, 'manifest.json');
  const berths = m.nodes['model.docks.berths']!;
  // The package's config() and property file set a view and their steward; the root project's levels come last.
  assert.equal(berths.config['materialized'], 'table');
  assert.deepEqual(berths.config['meta'], { steward: 'harbour' });
  assert.deepEqual(berths.config['tags'], ['ships']);
  // Hooks add up, in dbt's order: the package's call, then the root project's.
  assert.deepEqual((berths.config['post-hook'] as { sql: string }[]).map((h) => h.sql), ['select 1', 'select 2']);
  assert.equal(berths.unrendered_config['materialized'], 'table');
  assert.deepEqual(berths.unrendered_config['meta'], { steward: 'harbour' });
  // config(enabled=true) in the package does not keep a model the root project disables.
  assert.equal(m.nodes['model.docks.crane'], undefined);
  assert.equal(m.disabled['model.docks.crane']?.[0]?.config['enabled'], false);
  // A package's source and exposure: the root project's levels over their config:.
  assert.equal(m.sources['source.docks.manifests.cargo'], undefined);
  assert.equal(m.disabled['source.docks.manifests.cargo']?.[0]?.config['enabled'], false);
  assert.deepEqual(m.exposures['exposure.docks.tides']?.config['meta'], { steward: 'harbour' });
  // The root project's own model is configured as before.
  assert.equal(m.nodes['model.harbour.quay']?.config['materialized'], 'view');
});

test("unrendered_config records the dbt_project.yml levels and YAML config dbt's does, key by key", async () => {
  const own = await newProject('ledger', [
    'sources:',
    '  ledger:',
    '    +meta: {team: intake}',
    'exposures:',
    '  ledger:',
    '    +meta: {team: bi}',
    'metrics:',
    '  ledger:',
    '    +meta: {team: finance}',
    // dbt looks these up as semantic_models and saved_queries: never found, so not recorded.
    'semantic-models:',
    '  ledger:',
    '    +meta: {team: modelling}',
    'saved-queries:',
    '  ledger:',
    '    +meta: {team: queries}',
    '',
  ].join('\n'));
  try {
    writeProjectFile(own, 'models/entries.sql', "select 1 as entry_id, date '2025-01-01' as booked_on\n");
    writeProjectFile(own, 'models/days.sql', "select date '2025-01-01' as day\n");
    writeProjectFile(own, 'models/props.yml', [
      'sources:',
      '  - name: bank',
      '    config: {meta: {feed: daily}}',
      '    tables:',
      '      - name: statements',
      '        config: {enabled: true}',
      'models:',
      '  - name: days',
      '    time_spine: {standard_granularity_column: day}',
      '    columns: [{name: day, granularity: day}]',
      'semantic_models:',
      '  - name: entries',
      "    model: ref('entries')",
      '    defaults: {agg_time_dimension: booked_on}',
      '    entities: [{name: entry, type: primary, expr: entry_id}]',
      '    dimensions: [{name: booked_on, type: time, type_params: {time_granularity: day}}]',
      '    measures: [{name: entry_count, agg: sum, expr: 1, create_metric: true}]',
      'metrics:',
      '  - name: entries_booked',
      '    label: Entries booked',
      '    type: simple',
      '    type_params: {measure: entry_count}',
      '    config: {meta: {reviewed: true}}',
      'saved_queries:',
      '  - name: entries_by_day',
      '    query_params: {metrics: [entries_booked]}',
      'exposures:',
      '  - name: books',
      '    type: dashboard',
      '    owner: {email: clerk@example.com}',
      "    depends_on: [ref('entries')]",
      '',
    ].join('\n'));
    const run = await runCli(['parse', '--project-dir', own]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const m = readArtifact<Record<string, Record<string, { unrendered_config: unknown }>>>(own, 'manifest.json');
    // Sources: the project's levels, then the source's and the table's config:, each key replaced whole.
    assert.deepEqual(m['sources']!['source.ledger.bank.statements']!.unrendered_config, { meta: { feed: 'daily' }, enabled: true, loaded_at_field: null, loaded_at_query: null, tags: [] });
    assert.deepEqual(m['exposures']!['exposure.ledger.books']!.unrendered_config, { meta: { team: 'bi' } });
    assert.deepEqual(m['metrics']!['metric.ledger.entries_booked']!.unrendered_config, { meta: { reviewed: true } });
    // A metric a measure creates has dbt's config {enabled: true}.
    assert.deepEqual(m['metrics']!['metric.ledger.entry_count']!.unrendered_config, { meta: { team: 'finance' }, enabled: true });
    assert.deepEqual(m['semantic_models']!['semantic_model.ledger.entries']!.unrendered_config, {});
    assert.deepEqual(m['saved_queries']!['saved_query.ledger.entries_by_day']!.unrendered_config, {});
  } finally {
    await rm(own, { recursive: true, force: true });
  }
});
