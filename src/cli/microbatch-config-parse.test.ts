// End to end: a microbatch model whose config dbt rejects while parsing (no event_time, no
// begin, a batch_size that is not hour/day/month/year, a lookback that is not a whole number)
// fails `parse` and `run` (exit 2) with dbt's message, before anything runs; a project that
// brings its own get_incremental_microbatch_sql is not checked, as in dbt.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const model = (config: string) =>
  `{{ config(materialized='incremental', incremental_strategy='microbatch'${config}) }}\nselect 1 as till_id, timestamp '2025-01-01 10:00:00' as counted_at\n`;

describe('microbatch configs checked at parse', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('shopfloor');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const cases: [string, string, RegExp][] = [
    ['no event_time', ", batch_size='day', begin='2025-01-01'", /Microbatch model 'till_counts' must provide an 'event_time' \(string\) config/],
    ['no begin', ", event_time='counted_at', batch_size='day'", /Microbatch model 'till_counts' must provide a 'begin' \(datetime\) config/],
    ['a begin that is no timestamp', ", event_time='counted_at', batch_size='day', begin='last tuesday'", /must provide a 'begin' config of valid datetime \(ISO format\), but got: last tuesday/],
    ['no batch_size', ", event_time='counted_at', begin='2025-01-01'", /must provide a 'batch_size' config that is one of \['hour', 'day', 'month', 'year'\], but got: None/],
    ['a lookback given as text', ", event_time='counted_at', batch_size='day', begin='2025-01-01', lookback='2'", /must provide the optional 'lookback' config as type int/],
  ];
  for (const [name, config, message] of cases) {
    test(`${name} fails parse and run before any model runs`, async () => {
      writeProjectFile(dir, 'models/till_counts.sql', model(config));
      for (const command of ['parse', 'run']) {
        const run = await runCli([command, '--project-dir', dir, '--profiles-dir', dir]);
        assert.equal(run.code, 2, `${command}: ${run.out}\n${run.err}`);
        assert.match(run.err, /models\/till_counts\.sql:1: /);
        assert.match(run.err, message);
      }
    });
  }

  test('a complete config parses, with begin as text or as a datetime', async () => {
    writeProjectFile(dir, 'models/till_counts.sql', model(", event_time='counted_at', batch_size='day', begin='2025-01-01 06:00:00', lookback=2"));
    assert.equal((await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
    writeProjectFile(dir, 'models/till_counts.sql', model(", event_time='counted_at', batch_size='hour', begin=modules.datetime.datetime(2025, 1, 1)"));
    assert.equal((await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
    // manifest.json holds the datetime as dbt's encoder writes it, ISO text.
    const manifest = readArtifact<{ nodes: Record<string, { config: { begin: unknown } }> }>(dir, 'manifest.json');
    assert.equal(manifest.nodes['model.shopfloor.till_counts']?.config.begin, '2025-01-01T00:00:00');
  });

  test('a begin given as text becomes the datetime dbt parses from it', async () => {
    writeProjectFile(dir, 'models/till_counts.sql', model(", event_time='counted_at', batch_size='day', begin='2025-01-01'") + '-- begins {{ model.config.begin }}\n');
    const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '-s', 'till_counts']);
    assert.equal(run.code, 0, run.err);
    // manifest.json writes the datetime's isoformat; the model's own config keeps the text.
    const manifest = readArtifact<{ nodes: Record<string, { config: { begin: unknown }; unrendered_config: { begin: unknown } }> }>(dir, 'manifest.json');
    assert.equal(manifest.nodes['model.shopfloor.till_counts']?.config.begin, '2025-01-01T00:00:00');
    assert.equal(manifest.nodes['model.shopfloor.till_counts']?.unrendered_config.begin, '2025-01-01');
    // A template prints it as Python's str() of a datetime.
    assert.match(readFileSync(join(dir, 'target/compiled/shopfloor/models/till_counts.sql'), 'utf8'), /-- begins 2025-01-01 00:00:00$/);
    // ls --output json writes it as dbt's JSON encoder does, by its isoformat.
    const ls = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, '-s', 'till_counts', '--output', 'json', '--output-keys', 'config']);
    assert.equal(ls.code, 0, ls.err);
    assert.equal((JSON.parse(ls.out.trim().split('\n').at(-1)!) as { config: { begin: unknown } }).config.begin, '2025-01-01T00:00:00');
  });

  test('a project with its own get_incremental_microbatch_sql is not checked unless the flag asks for it', async () => {
    writeProjectFile(dir, 'models/till_counts.sql', model(", event_time='counted_at'"));
    writeProjectFile(dir, 'macros/microbatch.sql', '{% macro get_incremental_microbatch_sql(arg_dict) %}select 1{% endmacro %}\n');
    try {
      assert.equal((await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
      writeProjectFile(dir, 'dbt_project.yml', "name: shopfloor\nversion: '1.0.0'\nprofile: shopfloor\nflags:\n  require_batched_execution_for_custom_microbatch_strategy: true\n");
      const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
      assert.equal(run.code, 2);
      assert.match(run.err, /must provide a 'begin' \(datetime\) config/);
    } finally {
      await rm(`${dir}/macros/microbatch.sql`, { force: true });
    }
  });
});

describe("a microbatch model's inputs checked at parse", () => {
  let dir = '';
  before(async () => {
    dir = await newProject('tills');
    writeProjectFile(dir, 'models/till_counts.sql', "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='counted_at', batch_size='day', begin='2025-01-01') }}\nselect * from {{ ref('raw_counts') }}\n");
  });
  after(() => rm(dir, { recursive: true, force: true }));
  const input = (config: string) => `{{ config(materialized='table'${config}) }}\nselect 1 as till_id, timestamp '2025-01-01 10:00:00' as counted_at\n`;
  const parse = () => runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  const noInputWarning = /The microbatch model 'till_counts' has no 'ref' or 'source' input with an 'event_time' configuration/;

  test('an input whose event_time is not a string fails parse', async () => {
    writeProjectFile(dir, 'models/raw_counts.sql', input(', event_time=1'));
    const run = await parse();
    assert.equal(run.code, 2, run.out);
    assert.match(run.err, /Microbatch model 'till_counts' depends on an input node 'raw_counts' with an 'event_time' config of invalid \(non-string\) type: <class 'int'>\./);
  });

  test('a model none of whose inputs has an event_time is warned about; one with such an input is not', async () => {
    writeProjectFile(dir, 'models/raw_counts.sql', input(''));
    const bare = await parse();
    assert.equal(bare.code, 0, bare.err);
    assert.match(`${bare.out}${bare.err}`, noInputWarning);
    writeProjectFile(dir, 'models/raw_counts.sql', input(", event_time='counted_at'"));
    const filtered = await parse();
    assert.equal(filtered.code, 0, filtered.err);
    assert.doesNotMatch(`${filtered.out}${filtered.err}`, noInputWarning);
  });
});
