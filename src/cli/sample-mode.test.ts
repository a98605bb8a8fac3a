// End to end: dbt's sample mode. With --sample, the refs and sources whose node has `event_time`
// are read through the window (relative to now, or static); tests read whole tables; a model
// opts an input out with `.render()`; on a real DuckDB file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSampleWindow } from './sample-window.js';
import { newProject, queryDb, resultStatuses, runCli, writeProjectFile } from './test-helpers.js';

describe('sample mode', () => {
  let dir = '';
  const db = () => join(dir, 'views.duckdb');
  const build = (...args: string[]) => runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '-q', ...args]);

  before(async () => {
    dir = await newProject('views', 'models:\n  views:\n    +materialized: table\n');
    writeProjectFile(
      dir,
      'models/sources.yml',
      'version: 2\nsources:\n  - name: app\n    schema: raw\n    tables:\n      - name: plays\n        config:\n          event_time: played_at\n      - name: titles\n' +
        'models:\n  - name: stg_plays\n    config:\n      event_time: played_at\n    columns:\n      - name: play_id\n        data_tests: [unique]\n',
    );
    writeProjectFile(dir, 'models/stg_plays.sql', "select play_id, title_id, played_at from {{ source('app', 'plays') }}\n");
    // titles has no event_time: read whole. stg_plays.render() opts out of the sample.
    writeProjectFile(
      dir,
      'models/plays_by_title.sql',
      "select t.title, count(p.play_id) as plays, (select count(*) from {{ ref('stg_plays').render() }}) as all_plays\n" +
        "from {{ source('app', 'titles') }} t left join {{ ref('stg_plays') }} p using (title_id) group by t.title\n",
    );
    // A microbatch model builds the sample window's batches only, leaving the others as they are.
    writeProjectFile(
      dir,
      'models/monthly_plays.sql',
      "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='played_at', batch_size='month', begin='2024-07-01') }}\n" +
        "select play_id, played_at from {{ ref('stg_plays') }}\n",
    );
    await queryDb(
      db(),
      'create schema raw',
      `create table raw.plays as select * from (values
         (1, 10, now()::timestamp - interval 2 hour), (2, 10, now()::timestamp - interval 2 day),
         (3, 20, now()::timestamp - interval 20 day), (4, 20, timestamp '2024-07-03 12:00:00')) as t(play_id, title_id, played_at)`,
      "create table raw.titles as select * from (values (10, 'Heist'), (20, 'Harbor')) as t(title_id, title)",
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a relative window reads the last days of inputs with event_time', async () => {
    const run = await build('--sample', '3 days');
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [staged, byTitle] = await queryDb(
      db(),
      'select play_id from main.stg_plays order by play_id',
      'select title, plays, all_plays from main.plays_by_title order by title',
    );
    assert.deepEqual(staged, [[1], [2]]);
    assert.deepEqual(byTitle, [
      ['Harbor', 0, 2],
      ['Heist', 2, 2],
    ]);
    // Data tests read whole tables, as in dbt: only models and snapshots are sampled.
    const statuses = [...resultStatuses(dir)];
    assert.deepEqual(statuses.filter(([id]) => id.startsWith('test.')).map(([, status]) => status), ['pass']);
    const compiled = (path: string) => readFileSync(join(dir, 'target/compiled/views/models', path), 'utf8');
    assert.match(compiled('plays_by_title.sql'), /\(select \* from "views"\."main"\."stg_plays" where played_at >= '[-\d :]+\+00:00' and played_at < '[-\d :]+\+00:00'\)/);
    assert.doesNotMatch(compiled('sources.yml/unique_stg_plays_play_id.sql'), /played_at/);
    // `.render()` is the plain name: that input is read whole.
    assert.match(compiled('plays_by_title.sql'), /\(select count\(\*\) from "views"\."main"\."stg_plays"\) as all_plays/);
  });

  test('a static window reads between its start and end', async () => {
    const run = await build('--sample', "{'start': '2024-07-01', 'end': '2024-07-08 18:00:00'}");
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [staged, monthly] = await queryDb(db(), 'select play_id from main.stg_plays', 'select play_id from main.monthly_plays order by play_id');
    assert.deepEqual(staged, [[4]]);
    // July 2024 was built; this month's batch, from the first run, was left alone.
    assert.deepEqual(monthly, [[1], [2], [4]]);
  });

  test('retry reads through the window of the run it retries', async () => {
    writeProjectFile(dir, 'models/gated_plays.sql', "select play_id from {{ source('app', 'plays') }} cross join raw.gate\n");
    const failed = await build('--sample', "{'start': '2024-07-01', 'end': '2024-07-08'}");
    assert.equal(failed.code, 1, 'raw.gate does not exist yet');
    await queryDb(db(), 'create table raw.gate as select 1 as open');
    const retried = await runCli(['retry', '--project-dir', dir, '--profiles-dir', dir, '-q']);
    assert.equal(retried.code, 0, `${retried.out}\n${retried.err}`);
    const [rows] = await queryDb(db(), 'select play_id from main.gated_plays');
    assert.deepEqual(rows, [[4]]);
  });

  test('without --sample everything is read', async () => {
    const run = await build('--exclude', 'monthly_plays');
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [staged] = await queryDb(db(), 'select count(*) from main.stg_plays');
    assert.deepEqual(staged, [[4]]);
  });

  test('windows are read as dbt reads them', () => {
    const now = new Date('2024-03-31T10:30:00Z');
    assert.deepEqual(parseSampleWindow('6 hours', now), { start: new Date('2024-03-31T04:30:00Z'), end: now });
    assert.deepEqual(parseSampleWindow('1 month', now).start, new Date('2024-02-29T10:30:00Z'));
    assert.deepEqual(parseSampleWindow('2 Years', now).start, new Date('2022-03-31T10:30:00Z'));
    assert.deepEqual(parseSampleWindow("{'start': '2024-07-01', 'end': '2024-07-08 18:00:00'}"), {
      start: new Date('2024-07-01T00:00:00Z'),
      end: new Date('2024-07-08T18:00:00Z'),
    });
    assert.throws(() => parseSampleWindow('3'), /Cannot load SAMPLE_WINDOW from '3'\. Must be of form 'DAYS_INT GRAIN_SIZE'\./);
    assert.throws(() => parseSampleWindow('three days'), /Unable to convert 'three' to an integer\./);
    assert.throws(() => parseSampleWindow("{'start': '2024-07-08', 'end': '2024-07-01'}"), /must be before its end/);
  });
});
