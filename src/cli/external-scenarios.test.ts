// External (Parquet) models through the CLI: a fact partitioned by day refreshed incrementally
// (only the recomputed partitions' files change), ref() to it downstream, and external_root.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { csv, scenarioProject, type ScenarioProject } from './incremental-scenario-kit.js';

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: streams
        meta:
          external_location: 'data/{name}.csv'
`;

const FACT = `{{ config(materialized='external', location='lake/fact_streams', partition_by='day', incremental_strategy='insert_overwrite') }}
select day, channel, sum(viewers)::bigint as viewers
from {{ source('raw', 'streams') }}
{% if is_incremental() %} where day >= (select max(day) from {{ this }}) {% endif %}
group by all
`;

interface FileState {
  mtimeMs: number;
  bytes: string;
}

/** Every file under a folder: its modification time and content. */
function snapshotFiles(root: string): Map<string, FileState> {
  const out = new Map<string, FileState>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(root, path), { mtimeMs: statSync(path).mtimeMs, bytes: readFileSync(path).toString('base64') });
    }
  };
  walk(root);
  return out;
}

describe('external models', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject(
      {
        'models/sources.yml': SOURCES,
        'models/fact_streams.sql': FACT,
        'models/channel_totals.sql': "{{ config(materialized='table') }}\nselect channel, sum(viewers)::bigint as viewers from {{ ref('fact_streams') }} group by all",
        'models/plain_export.sql': "{{ config(materialized='external') }}\nselect 1 as id",
        'data/streams.csv': csv('day,channel,viewers', ['2024-01-01', 'a', 10], ['2024-01-01', 'b', 5], ['2024-01-02', 'a', 7]),
      },
      '      external_root: exports\n',
    );
  });
  after(async () => {
    await p.dispose();
  });

  const lake = () => join(p.dir, 'lake', 'fact_streams');

  test('the first build writes one folder per day, readable through ref() downstream', async () => {
    await p.ok('build');
    assert.deepEqual([...snapshotFiles(lake()).keys()].sort(), ['day=2024-01-01/data_0.parquet', 'day=2024-01-02/data_0.parquet']);
    assert.deepEqual(await p.rows('select channel, viewers from main.channel_totals order by channel'), [
      ['a', 17],
      ['b', 5],
    ]);
    // A model without location is written under the profile's external_root.
    assert.ok(statSync(join(p.dir, 'exports', 'plain_export.parquet')).isFile());
    assert.deepEqual(await p.rows('select * from main.plain_export'), [[1]]);
  });

  test('an incremental run rewrites only the partitions it recomputes, leaving the others byte for byte', async () => {
    const before = snapshotFiles(lake());
    await sleep(20);
    // New rows for day 2 (late data) and day 3; day 1 is untouched input.
    p.write('data/streams.csv', csv('day,channel,viewers', ['2024-01-01', 'a', 10], ['2024-01-01', 'b', 5], ['2024-01-02', 'a', 7], ['2024-01-02', 'b', 3], ['2024-01-03', 'a', 1]));
    const run = await p.ok('build');
    assert.match(run.out, /OK created sql external model main\.fact_streams/);
    const now = snapshotFiles(lake());
    assert.deepEqual([...now.keys()].sort(), ['day=2024-01-01/data_0.parquet', 'day=2024-01-02/data_0.parquet', 'day=2024-01-03/data_0.parquet']);
    assert.deepEqual(now.get('day=2024-01-01/data_0.parquet'), before.get('day=2024-01-01/data_0.parquet'), 'day 1 untouched');
    const day2 = now.get('day=2024-01-02/data_0.parquet')!;
    assert.notEqual(day2.bytes, before.get('day=2024-01-02/data_0.parquet')!.bytes, 'day 2 rewritten');
    assert.ok(day2.mtimeMs > before.get('day=2024-01-02/data_0.parquet')!.mtimeMs);
    assert.deepEqual(await p.rows("select strftime(day, '%Y-%m-%d'), channel, viewers from main.fact_streams order by all"), [
      ['2024-01-01', 'a', 10],
      ['2024-01-01', 'b', 5],
      ['2024-01-02', 'a', 7],
      ['2024-01-02', 'b', 3],
      ['2024-01-03', 'a', 1],
    ]);
    assert.deepEqual(await p.rows('select channel, viewers from main.channel_totals order by channel'), [
      ['a', 18],
      ['b', 8],
    ]);
  });

  test('--full-refresh rewrites every partition', async () => {
    const before = snapshotFiles(lake());
    await sleep(20);
    await p.ok('run', '--full-refresh', '--select', 'fact_streams');
    const now = snapshotFiles(lake());
    assert.equal(now.size, 3);
    for (const [file, state] of now) assert.ok(state.mtimeMs > before.get(file)!.mtimeMs, `${file} rewritten`);
  });
});

// dbt-duckdb passes `options` to DuckDB's COPY as the project writes them (a filename_pattern
// quoted by the project, Jinja rendered), and COPY's overwrite_or_ignore writes into a folder
// other models write too, each keeping its own files.
const SHARED_EXPORT = (pattern: string) => `{{ config(materialized='external', format='csv', delimiter=';', location='out/',
  options={"partition_by": "channel", "overwrite_or_ignore": 1, "filename_pattern": "${pattern}"}) }}
select * from {{ source('raw', 'streams') }}
`;

describe('external models sharing one output folder', () => {
  let p: ScenarioProject;
  before(async () => {
    p = await scenarioProject(
      {
        'models/sources.yml': SOURCES,
        'models/viewers_export.sql': SHARED_EXPORT("'{{ this.name }}_{i}'"),
        'models/days_export.sql': SHARED_EXPORT("'days_{i}'"),
        'data/streams.csv': csv('day,channel,viewers', ['2024-01-01', 'a', 10], ['2024-01-01', 'b', 5]),
      },
    );
    // Four threads, so both models write the folder at the same time.
    p.write('profiles.yml', 'scenario:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse.duckdb\n      schema: main\n      threads: 4\n');
  });
  after(async () => {
    await p.dispose();
  });

  test('each model writes its own named files beside the other one\'s, run after run', async () => {
    await p.ok('run');
    await p.ok('run');
    assert.deepEqual([...snapshotFiles(join(p.dir, 'out')).keys()].sort(), ['channel=a/days_0.csv', 'channel=a/viewers_export_0.csv', 'channel=b/days_0.csv', 'channel=b/viewers_export_0.csv']);
    assert.equal(readFileSync(join(p.dir, 'out', 'channel=b', 'days_0.csv'), 'utf8'), 'day;viewers\n2024-01-01;5\n');
  });
});
