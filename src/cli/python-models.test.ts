// End to end: a project with a dbt Python model. Its dbt.ref()/source()/config() calls put it in
// the graph like a SQL model; running it fails with a clear message (Reelhouse runs no Python),
// what depends on it is skipped, and excluding it lets the rest build on the table it left.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { hasStackTrace, newProject, queryDb, readArtifact, resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

const PYTHON_MODEL = `import pandas as pd

def model(dbt, session):
    dbt.config(materialized='table', tags=['scoring'], meta={'owner': 'growth'})
    plays = dbt.ref('plays').df()
    dbt.source('catalog', 'titles')
    plays['long'] = plays['minutes'] > dbt.config.get('long_after', 60)
    return plays
`;

describe('python models', () => {
  let dir = '';
  const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

  before(async () => {
    dir = await newProject('stream', 'models:\n  stream:\n    +materialized: table\n');
    writeProjectFile(dir, 'models/plays.sql', 'select 1 as play_id, 30 as minutes union all select 2, 90\n');
    writeProjectFile(dir, 'models/scored_plays.py', PYTHON_MODEL);
    writeProjectFile(dir, 'models/long_plays.sql', "select play_id from {{ ref('scored_plays') }} where long\n");
    writeProjectFile(
      dir,
      'models/schema.yml',
      'version: 2\nsources:\n  - name: catalog\n    schema: main\n    tables:\n      - name: titles\nmodels:\n  - name: scored_plays\n    columns:\n      - name: play_id\n        data_tests: [unique]\n',
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('the model is parsed into the graph with its refs, source and config', async () => {
    const run = await cli('parse');
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const manifest = readArtifact(dir, 'manifest.json') as { nodes: Record<string, Record<string, unknown>> };
    const node = manifest.nodes['model.stream.scored_plays']!;
    assert.equal(node['language'], 'python');
    assert.equal(node['path'], 'scored_plays.py');
    assert.deepEqual((node['depends_on'] as { nodes: string[] }).nodes.sort(), ['model.stream.plays', 'source.stream.catalog.titles']);
    assert.deepEqual(node['tags'], ['scoring']);
    assert.deepEqual((node['config'] as { meta: unknown }).meta, { owner: 'growth' });
    assert.deepEqual((manifest.nodes['model.stream.long_plays']!['depends_on'] as { nodes: string[] }).nodes, ['model.stream.scored_plays']);
  });

  test('running it fails clearly, skips what depends on it and builds the rest', async () => {
    const run = await cli('build');
    assert.equal(run.code, 1);
    const text = `${run.out}\n${run.err}`;
    assert.match(text, /START python table model main\.scored_plays/);
    assert.match(text, /Python model scored_plays \(models\/scored_plays\.py\) cannot run: Reelhouse builds models with SQL on DuckDB and runs no Python\. Rewrite it as a SQL model, or leave it out with --exclude scored_plays/);
    assert.ok(!hasStackTrace(text), text);
    const statuses = resultStatuses(dir);
    assert.equal(statuses.get('model.stream.plays'), 'success');
    assert.equal(statuses.get('model.stream.scored_plays'), 'error');
    assert.equal(statuses.get('model.stream.long_plays'), 'skipped');
  });

  test('excluded, it leaves the models that ref() it reading the table it last built', async () => {
    // The table a Python run (by dbt, say) left behind.
    await queryDb(join(dir, 'stream.duckdb'), 'create or replace table main.scored_plays as select 2 as play_id, true as long');
    const run = await cli('build', '--exclude', 'scored_plays');
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [rows] = await queryDb(join(dir, 'stream.duckdb'), 'select play_id from main.long_plays');
    assert.deepEqual(rows, [[2]]);
  });

  test('show names the model and says how to preview its table instead', async () => {
    const run = await cli('show', '--select', 'scored_plays');
    assert.equal(run.code, 2);
    assert.match(run.err, /Python model scored_plays cannot be previewed/);
    assert.match(run.err, /--inline "select \* from \{\{ ref\('scored_plays'\) \}\}"/);
  });

  test('a unit test on it fails with the reason, as dbt unit-tests SQL models only', async () => {
    writeProjectFile(
      dir,
      'models/unit.yml',
      'unit_tests:\n  - name: scores_long_plays\n    model: scored_plays\n    given:\n      - input: ref(\'plays\')\n        rows:\n          - {play_id: 1, minutes: 90}\n    expect:\n      rows:\n        - {play_id: 1}\n',
    );
    try {
      const run = await cli('test', '--select', 'test_type:unit');
      assert.equal(run.code, 1, `${run.out}\n${run.err}`);
      assert.match(`${run.out}\n${run.err}`, /scored_plays is a Python model: unit tests test SQL models only/);
    } finally {
      await rm(join(dir, 'models/unit.yml'));
    }
  });

  test('a non-literal ref argument stops the parse at its line', async () => {
    writeProjectFile(dir, 'models/broken.py', "def model(dbt, session):\n    name = 'plays'\n    return dbt.ref(name)\n");
    try {
      const run = await cli('parse');
      assert.equal(run.code, 2);
      assert.match(run.err, /models\/broken\.py:3/);
      assert.match(run.err, /dbt\.ref\(\) in a Python model takes only literal values/);
      assert.ok(!hasStackTrace(run.err), run.err);
    } finally {
      await rm(join(dir, 'models/broken.py'));
    }
  });
});
