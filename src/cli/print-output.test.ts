// End to end: Jinja's print() reaches stdout even with --quiet, as in dbt, and --no-print hides it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-print-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: shop\nprofile: shop\n');
  writeProjectFile(dir, 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n');
  writeProjectFile(dir, 'models/orders.sql', "{% if execute %}{{ print('orders rendered for ' ~ this.identifier) }}{{ log('a log line', info=True) }}{% endif %}\nselect 1 as id\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('print() output shows with --quiet while log() lines and progress do not', async () => {
  const run = await runCli(['run', '--project-dir', dir, '-q']);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /orders rendered for orders/);
  assert.doesNotMatch(run.out, /a log line/);
  assert.doesNotMatch(run.out, /START/);
});

test('--no-print hides print() output, and without -q both print() and log(info=True) show', async () => {
  const hidden = await runCli(['run', '--project-dir', dir, '--no-print']);
  assert.equal(hidden.code, 0, hidden.err);
  assert.doesNotMatch(hidden.out, /orders rendered/);
  assert.match(hidden.out, /a log line/);
  const shown = await runCli(['run', '--project-dir', dir]);
  assert.match(shown.out, /orders rendered for orders/);
  assert.match(shown.out, /a log line/);
});

test('print() lines reach stdout as written, without the time prefix of log lines', async () => {
  const run = await runCli(['run', '--project-dir', dir]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /^orders rendered for orders$/m);
  assert.match(run.out, /^\d{2}:\d{2}:\d{2} {2}a log line$/m);
});

test('logging flags may come before the command name, as in `dbt --quiet run`', async () => {
  const run = await runCli(['--quiet', 'run', '--project-dir', dir]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /^orders rendered for orders$/m);
  assert.doesNotMatch(run.out, /a log line|START/);
  const hidden = await runCli(['--no-print', '--log-format', 'text', 'run', '--project-dir', dir]);
  assert.equal(hidden.code, 0, hidden.err);
  assert.doesNotMatch(hidden.out, /orders rendered/);
});
