// End to end: dbt_project.yml's log-path (deprecated in dbt, still honoured) says where dbt.log
// goes unless --log-path does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

test("dbt.log is written under dbt_project.yml's log-path; --log-path wins over it", async () => {
  const dir = await newProject('matinee', 'log-path: projector_logs\n');
  try {
    writeProjectFile(dir, 'models/reels.sql', 'select 1 as reel_no\n');
    assert.equal((await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
    assert.ok(existsSync(join(dir, 'projector_logs', 'dbt.log')));
    assert.equal(existsSync(join(dir, 'logs')), false);

    const given = join(dir, 'flag_logs');
    assert.equal((await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, '--log-path', given])).code, 0);
    assert.ok(existsSync(join(given, 'dbt.log')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
