// dbt runs from the project folder, so relative file names in a model or in a source's
// external_location name files there, whichever folder the command was started from.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { newProject, queryDb, repoRoot, runCli, writeProjectFile } from './test-helpers.js';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';

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

describe('relative globs from the folder the command was started in', () => {
  let launch: string;
  before(async () => {
    launch = await mkdtemp(join(tmpdir(), 'reelhouse-launch-'));
    await mkdir(join(launch, 'drops'), { recursive: true });
    await writeFile(join(launch, 'drops', 'a.json'), '[{"reel": 7, "frames": 24}]');
    await writeFile(join(launch, 'drops', 'b.json'), '[{"reel": 8, "frames": 48}]');
    const proj = join(launch, 'studio');
    await mkdir(join(proj, 'models'), { recursive: true });
    await mkdir(join(proj, 'tapes'), { recursive: true });
    await writeFile(join(proj, 'tapes', 'one.csv'), 'tape,minutes\nx,10\n');
    await writeFile(join(proj, 'tapes', 'two.csv'), 'tape,minutes\ny,15\n');
    await writeFile(join(proj, 'dbt_project.yml'), 'name: studio\nprofile: studio\n');
    await writeFile(join(proj, 'profiles.yml'), 'studio:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: studio.duckdb\n');
    await writeFile(join(proj, 'models', 'drop_frames.sql'), "{{ config(materialized='table') }} select sum(frames)::int as frames from read_json('drops/*.json')");
    await writeFile(join(proj, 'models', 'tape_minutes.sql'), "{{ config(materialized='table') }} select sum(minutes)::int as minutes from read_csv('tapes/*.csv', header = true)");
  });
  after(async () => {
    await rm(launch, { recursive: true, force: true });
  });

  test('a glob under the launch folder and a glob under the project folder both match', async () => {
    const bin = join(repoRoot, 'bin', 'reelhouse');
    const proj = join(launch, 'studio');
    const run = await promisify(execFile)(bin, ['run', '--project-dir', 'studio', '--profiles-dir', 'studio'], { cwd: launch }).catch((e: { stdout?: string; stderr?: string }) => {
      assert.fail(`${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    });
    assert.match(run.stdout, /PASS=2/);
    const [frames, minutes] = await queryDb(join(proj, 'studio.duckdb'), 'select frames from main.drop_frames', 'select minutes from main.tape_minutes');
    assert.deepEqual(frames, [[72]]);
    assert.deepEqual(minutes, [[25]]);
  });
});
