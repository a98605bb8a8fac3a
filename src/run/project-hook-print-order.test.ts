// End to end: a project hook's print() and log() output comes before the hook's START line, as
// dbt compiles a hook before it announces it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from '../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('hookprint', ['on-run-end:', '  - "{{ print(\'ALL DONE\') }}"', '  - "{{ log(\'NOTED\', info=True) }}select 1"', ''].join('\n'));
  writeProjectFile(dir, 'models/reels.sql', 'select 1 as id\n');
});
after(() => rm(dir, { recursive: true, force: true }));

test("a hook's print() and log() lines come before its START line", async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const lines = run.out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, '').replace(/ \.+ \[.*$/u, ''));
  const at = (text: string): number => lines.findIndex((l) => l === text);
  assert.ok(at('ALL DONE') >= 0 && at('ALL DONE') < at('1 of 2 START hook: hookprint.on-run-end.0'), lines.join('\n'));
  assert.ok(at('1 of 2 OK hook: hookprint.on-run-end.0') < at('NOTED'), lines.join('\n'));
  assert.ok(at('NOTED') < at('2 of 2 START hook: hookprint.on-run-end.1'), lines.join('\n'));
});
