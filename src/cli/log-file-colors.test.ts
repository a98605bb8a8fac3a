// End to end: with --use-colors-file, dbt opens each record of logs/dbt.log with a colour reset
// before its time (the debug lines and the text lines alike), and colours the statuses in it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

const RESET = '\u001b[0m';
let dir = '';
const logLines = (): string[] => readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8').split('\n');

before(async () => {
  dir = await newProject('palette');
  writeProjectFile(dir, 'models/swatches.sql', 'select 1 as id\n');
});
after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

test('each debug record starts with a colour reset, the separator line above the first does not', async () => {
  const run = await runCli(['run', '--use-colors-file', '--project-dir', dir]);
  assert.equal(run.code, 0, run.err);
  const lines = logLines();
  const version = lines.findIndex((l) => l.endsWith('Running with reelhouse=0.1.0'));
  assert.ok(version > 0, lines.join('\n'));
  assert.match(lines[version - 1] ?? '', /^={30} /u);
  assert.match(lines[version] ?? '', /^\u001b\[0m\d\d:\d\d:\d\d\.\d{6} \[info \] \[MainThread\]: Running with/u);
  assert.match(lines.find((l) => l.includes('OK created sql view model')) ?? '', /^\u001b\[0m.*\[\u001b\[32mOK\u001b\[0m in /u);
  assert.ok(lines.filter((l) => /^\d\d:\d\d:\d\d\.\d{6} /u.test(l)).length === 0, 'no record without its reset');
});

test('the text format starts its records with the reset too; --no-use-colors-file writes none', async () => {
  await rm(join(dir, 'logs'), { recursive: true, force: true });
  assert.equal((await runCli(['run', '--use-colors-file', '--log-format-file', 'text', '--project-dir', dir])).code, 0);
  assert.match(logLines().find((l) => l.includes('Running with')) ?? '', new RegExp(`^\\u001b\\[0m\\d\\d:\\d\\d:\\d\\d {2}Running with`, 'u'));
  await rm(join(dir, 'logs'), { recursive: true, force: true });
  assert.equal((await runCli(['run', '--no-use-colors-file', '--project-dir', dir])).code, 0);
  assert.ok(!readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8').includes(RESET));
});
