// dbt runs from the project folder, so relative file names in a model or in a source's
// external_location name files there, whichever folder the command was started from.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { newProject, queryDb, runCli, writeProjectFile } from './test-helpers.js';
import { join } from 'node:path';

describe('relative file reads from outside the project folder', () => {
  let dir: string;
  before(async () => {
    dir = await newProject('reels');
    writeProjectFile(dir, 'feeds/clips.csv', 'clip_id,seconds\n1,30\n2,45\n3,60\n');
    writeProjectFile(dir, 'models/sources.yml', `sources:
  - name: feeds
    meta:
      external_location: "read_csv('feeds/{name}.csv', header = true)"
    tables:
      - name: clips
`);
    writeProjectFile(dir, 'models/clip_seconds.sql', "{{ config(materialized='table') }} select sum(seconds)::int as total from {{ source('feeds', 'clips') }}");
    writeProjectFile(dir, 'models/long_clips.sql', "{{ config(materialized='table') }} select clip_id from 'feeds/clips.csv' where seconds > 40");
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a function-call external_location and a quoted file name both read the project folder', async () => {
    assert.notEqual(process.cwd(), dir);
    const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [total, long] = await queryDb(join(dir, 'reels.duckdb'), 'select total from main.clip_seconds', 'select clip_id from main.long_clips order by 1');
    assert.deepEqual(total, [[135]]);
    assert.deepEqual(long, [[2], [3]]);
  });
});
