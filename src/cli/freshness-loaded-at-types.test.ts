// End to end: `source freshness` reads a loaded_at_field's newest value as dbt's adapter does, so
// only a timestamp measures a source: a DATE or text value is a runtime error naming the field,
// the table and the value's type, while a timestamp (with or without a time zone) passes, from a
// table or from a file a source reads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface SourcesJson {
  results: { unique_id: string; status: string; error?: string; max_loaded_at?: string }[];
}

let dir = '';
before(async () => {
  dir = await newProject('quarry', 'seeds:\n  quarry:\n    +column_types: {cut_at: varchar}\n');
  writeProjectFile(dir, 'seeds/blocks.csv', 'block_id,cut_at\n1,2020-03-01 10:00:00\n');
  writeProjectFile(dir, 'drops/deliveries.csv', 'delivery_id,dropped_at\n1,2020-04-01 09:00:00\n');
  const table = (name: string, field: string): string[] => [`      - name: ${name}`, '        identifier: blocks', `        loaded_at_field: "${field}"`];
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: pit',
    '    schema: main',
    '    freshness: {warn_after: {count: 1, period: day}}',
    '    tables:',
    ...table('as_text', 'cut_at'),
    ...table('as_date', 'cast(cut_at as date)'),
    ...table('as_timestamp', 'cast(cut_at as timestamp)'),
    ...table('as_timestamptz', "cast(cut_at || '+02' as timestamptz)"),
    // A source read from a file is measured through the file's reader, as source() gives it.
    '  - name: drops',
    '    freshness: {warn_after: {count: 1, period: day}}',
    '    tables:',
    '      - name: deliveries',
    '        loaded_at_field: "cast(dropped_at as timestamp)"',
    '        config: {external_location: "drops/{name}.csv"}',
    '',
  ].join('\n'));
  const seed = await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(seed.code, 0, seed.out + seed.err);
});
after(() => rm(dir, { recursive: true, force: true }));

test('a DATE or text loaded_at_field fails and a timestamp one is measured, as in dbt', async () => {
  const run = await runCli(['source', 'freshness', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, run.out + run.err);
  const results = new Map(readArtifact<SourcesJson>(dir, 'sources.json').results.map((r) => [r.unique_id.split('.').pop(), r]));
  const expected = (field: string, type: string): RegExp =>
    new RegExp(`^Database Error in source as_\\w+ \\(models/sources\\.yml\\)\n {2}Expected a timestamp value when querying field '${field.replace(/[()|+]/gu, '\\$&')}' of table "[^"]+"\\."main"\\."blocks" but received value of type '${type}' instead$`, 'u');
  assert.equal(results.get('as_text')!.status, 'runtime error');
  assert.match(results.get('as_text')!.error!, expected('cut_at', 'str'));
  assert.equal(results.get('as_date')!.status, 'runtime error');
  assert.match(results.get('as_date')!.error!, expected('cast(cut_at as date)', 'date'));
  assert.equal(results.get('as_timestamp')!.status, 'warn');
  assert.equal(results.get('as_timestamp')!.max_loaded_at, '2020-03-01T10:00:00+00:00');
  // A time zone's offset is taken off: 10:00 at +02 is 08:00 UTC.
  assert.equal(results.get('as_timestamptz')!.max_loaded_at, '2020-03-01T08:00:00+00:00');
  assert.equal(results.get('deliveries')!.status, 'warn', results.get('deliveries')!.error);
  assert.equal(results.get('deliveries')!.max_loaded_at, '2020-04-01T09:00:00+00:00');
});
