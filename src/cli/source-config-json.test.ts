// End to end: a source's config in manifest.json and `ls --output json` is dbt 1.10's SourceConfig:
// enabled, event_time, freshness (the source's merged freshness, empty thresholds when none is set),
// loaded_at_field, loaded_at_query (as the source's own fields), meta and tags; ls lists a
// source's keys in dbt's order (source_name, tags, config).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { listLines, newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('quarry');
  writeProjectFile(
    dir,
    'models/sources.yml',
    [
      'sources:',
      '  - name: pit',
      '    tables:',
      '      - name: stones',
      '      - name: slabs',
      '        config:',
      '          loaded_at_field: cut_at',
      '          freshness:',
      '            warn_after: {count: 12, period: hour}',
      '',
    ].join('\n'),
  );
  writeProjectFile(dir, 'models/blocks.sql', "select * from {{ source('pit', 'stones') }}\n");
});
after(async () => rm(dir, { recursive: true, force: true }));

const EMPTY_TIME = { count: null, period: null };
const KEYS = ['enabled', 'event_time', 'freshness', 'loaded_at_field', 'loaded_at_query', 'meta', 'tags'];

test("a source's config has dbt 1.10's SourceConfig fields, in order, with the config: values given", async () => {
  const parse = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(parse.code, 0, parse.out + parse.err);
  const sources = readArtifact<{ sources: Record<string, { config: Record<string, unknown> }> }>(dir, 'manifest.json').sources;
  const stones = sources['source.quarry.pit.stones']!.config;
  assert.deepEqual(Object.keys(stones), KEYS);
  assert.deepEqual(stones, { enabled: true, event_time: null, freshness: { warn_after: EMPTY_TIME, error_after: EMPTY_TIME, filter: null }, loaded_at_field: null, loaded_at_query: null, meta: {}, tags: [] });
  const slabs = sources['source.quarry.pit.slabs']!.config;
  assert.deepEqual(Object.keys(slabs), KEYS);
  assert.deepEqual(slabs['freshness'], { warn_after: { count: 12, period: 'hour' }, error_after: EMPTY_TIME, filter: null });
  assert.equal(slabs['loaded_at_field'], 'cut_at');
  const [line] = await listLines(dir, '-s', 'source:pit.stones', '--output', 'json');
  const listed = JSON.parse(line!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(listed), ['name', 'resource_type', 'package_name', 'original_file_path', 'unique_id', 'source_name', 'tags', 'config']);
  assert.deepEqual(listed['config'], stones);
});

test("a source's top-level freshness: and loaded_at_field: are its config's too, as dbt 1.10 keeps a source's config and its own fields equal", async () => {
  writeProjectFile(
    dir,
    'models/mine.yml',
    [
      'sources:',
      '  - name: mine',
      '    loaded_at_field: dug_at',
      '    freshness:',
      '      warn_after: {count: 2, period: day}',
      '    tables:',
      '      - name: ore',
      '        freshness:',
      '          error_after: {count: 7, period: day}',
      '',
    ].join('\n'),
  );
  const parse = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(parse.code, 0, parse.out + parse.err);
  const sources = readArtifact<{ sources: Record<string, { config: Record<string, unknown>; freshness: unknown; loaded_at_field: unknown }> }>(dir, 'manifest.json').sources;
  const ore = sources['source.quarry.mine.ore']!;
  const merged = { warn_after: { count: 2, period: 'day' }, error_after: { count: 7, period: 'day' }, filter: null };
  assert.deepEqual(ore.freshness, merged);
  assert.deepEqual(ore.config['freshness'], merged);
  assert.equal(ore.loaded_at_field, 'dug_at');
  assert.equal(ore.config['loaded_at_field'], 'dug_at');
  assert.deepEqual(Object.keys(ore.config), KEYS);
});

test("a source table's external: property is written as dbt's ExternalTable: its fields filled with null, other keys kept", async () => {
  writeProjectFile(
    dir,
    'models/lake.yml',
    [
      'sources:',
      '  - name: lake',
      '    tables:',
      '      - name: trips',
      '        external:',
      '          location: "data/raw/trips.parquet"',
      '          options: {format: parquet}',
      '          partitions:',
      '            - name: trip_month',
      '              data_type: date',
      '',
    ].join('\n'),
  );
  const parse = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(parse.code, 0, parse.out + parse.err);
  const sources = readArtifact<{ sources: Record<string, { external: unknown; relation_name: string }> }>(dir, 'manifest.json').sources;
  assert.deepEqual(sources['source.quarry.lake.trips']!.external, {
    location: 'data/raw/trips.parquet',
    file_format: null,
    row_format: null,
    tbl_properties: null,
    partitions: [{ name: 'trip_month', description: '', data_type: 'date', meta: {} }],
    options: { format: 'parquet' },
  });
  // dbt-duckdb reads a source from files by its external_location, not by this property.
  assert.equal(sources['source.quarry.lake.trips']!.relation_name, '"quarry"."lake"."trips"');
  assert.equal(sources['source.quarry.pit.stones']!.external, null);
});
