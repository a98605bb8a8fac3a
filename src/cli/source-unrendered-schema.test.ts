// dbt records a source's database and schema as its YAML writes them, Jinja and all
// (unrendered_database, unrendered_schema in manifest.json), beside the rendered values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const BASE = {
  'dbt_project.yml': "name: reels\nversion: '1.0.0'\nprofile: reels\n",
  'profiles.yml': 'reels:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: reels.duckdb\n',
  'models/sources.yml': [
    'version: 2',
    'sources:',
    '  - name: billing',
    "    schema: \"{{ 'raw_' ~ target.name }}\"",
    '    tables:',
    '      - name: payments',
    '  - name: catalog',
    '    database: reels',
    '    schema: main',
    '    tables:',
    '      - name: titles',
    '  - name: events',
    '    tables:',
    '      - name: plays',
    '',
  ].join('\n'),
};

interface Source {
  database: string;
  schema: string;
  unrendered_database: string | null;
  unrendered_schema: string | null;
}

test("a source's unrendered_database and unrendered_schema are its YAML's own text, or null when it gives none", async () => {
  await withProjectFiles(BASE, {}, async (dir) => {
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const sources = readArtifact<{ sources: Record<string, Source> }>(dir, 'manifest.json').sources;
    const payments = sources['source.reels.billing.payments']!;
    assert.equal(payments.schema, 'raw_dev');
    assert.equal(payments.unrendered_schema, "{{ 'raw_' ~ target.name }}");
    assert.equal(payments.unrendered_database, null);
    const titles = sources['source.reels.catalog.titles']!;
    assert.deepEqual([titles.unrendered_database, titles.unrendered_schema], ['reels', 'main']);
    const plays = sources['source.reels.events.plays']!;
    assert.equal(plays.schema, 'events');
    assert.deepEqual([plays.unrendered_database, plays.unrendered_schema], [null, null]);
  });
});
