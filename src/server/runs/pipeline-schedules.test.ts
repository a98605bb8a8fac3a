// Pipelines' schedules as the web app lists them, from a real pipelines.yml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipelinesOfProject } from './pipeline-schedules.js';

test('lists each pipeline with its cron, time zone, catch-up, file trigger and next run time', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-schedules-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    join(dir, 'pipelines.yml'),
    [
      'pipelines:',
      '  nightly:',
      '    description: every night in Paris',
      "    schedule: {cron: '15 3 * * *', timezone: Europe/Paris, catch_up: run_last}",
      '    steps: [build]',
      '  on_files:',
      '    on_file_arrival: {path: data/incoming/*.csv}',
      '    steps: [build]',
      '  by_hand:',
      '    steps: [build]',
      '',
    ].join('\n'),
  );
  // 2024-03-30 12:00 UTC: the next 03:15 in Paris is 2024-03-31, after the switch to summer time (UTC+2).
  const now = new Date('2024-03-30T12:00:00Z');
  const [nightly, onFiles, byHand] = pipelinesOfProject(dir, now);
  assert.deepEqual(
    { ...nightly, lastRun: undefined },
    {
      name: 'nightly',
      description: 'every night in Paris',
      schedule: '15 3 * * *',
      timezone: 'Europe/Paris',
      catchUp: 'run_last',
      fileTrigger: null,
      trigger: 'schedule',
      nextRunAt: '2024-03-31T01:15:00.000Z',
      schedulerActive: false,
      lastRun: undefined,
    },
  );
  assert.equal(onFiles!.trigger, 'file arrival');
  assert.equal(onFiles!.fileTrigger, 'data/incoming/*.csv');
  assert.equal(onFiles!.nextRunAt, null);
  assert.equal(byHand!.trigger, 'manual');
  assert.equal(byHand!.schedule, null);
});

test('a project without pipelines.yml, or with an invalid one, lists none', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-schedules-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  assert.deepEqual(pipelinesOfProject(dir), []);
  await writeFile(join(dir, 'pipelines.yml'), "pipelines:\n  bad:\n    schedule: {cron: 'not a cron'}\n    steps: [build]\n");
  assert.deepEqual(pipelinesOfProject(dir), []);
});
