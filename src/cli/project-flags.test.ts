// End to end: dbt_project.yml's `flags:` (and profiles.yml's older `config:`) set the logging,
// colour and indirect-selection flags, below the command line and the DBT_* variables; a command
// run in a folder of the project finds the project above it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, createFlagsProject } from './dbt-flags-fixture.js';
import { writeProjectFile } from './test-helpers.js';

let dir = '';
let projectYaml = '';
let profilesYaml = '';
const p = (...args: string[]): string[] => [...args, '--project-dir', dir];
const withFlags = (flags: string): void => writeProjectFile(dir, 'dbt_project.yml', `${projectYaml}flags:\n${flags}`);

before(async () => {
  dir = await createFlagsProject();
  projectYaml = readFileSync(join(dir, 'dbt_project.yml'), 'utf8');
  profilesYaml = readFileSync(join(dir, 'profiles.yml'), 'utf8');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('flags: log_level and debug set the console level; the command line and DBT_LOG_LEVEL win', async () => {
  withFlags('  log_level: warn\n');
  const quiet = await cli(p('run', '-s', 'base'));
  assert.equal(quiet.code, 0, quiet.err);
  assert.equal(quiet.out, '');
  assert.match((await cli(p('run', '-s', 'base', '--log-level', 'info'))).out, /1 of 1 OK created/u);
  assert.match((await cli(p('run', '-s', 'base'), { DBT_LOG_LEVEL: 'info' })).out, /1 of 1 OK created/u);
  withFlags('  debug: true\n');
  assert.match((await cli(p('run', '-s', 'base'))).out, /Began running node model\.cli_flags\.base/u);
});

test('flags: log_format json and use_colors apply to the console', async () => {
  withFlags('  log_format: json\n');
  const json = await cli(p('run', '-s', 'base'));
  assert.ok(json.out.split('\n').every((l) => l.startsWith('{')), json.out);
  withFlags('  use_colors: true\n');
  assert.match((await cli(p('run', '-s', 'base'))).out, /\u001b\[32mOK\u001b\[0m/u);
  assert.doesNotMatch((await cli(p('run', '-s', 'base', '--no-use-colors'))).out, /\u001b\[/u);
});

test('flags: indirect_selection decides which tests a selection brings in', async () => {
  withFlags('  indirect_selection: empty\n');
  assert.equal((await cli(p('ls', '-s', 'base', '--output', 'name', '-q'))).out, 'base');
  assert.equal((await cli(p('ls', '-s', 'base', '--output', 'name', '-q', '--indirect-selection', 'eager'))).out, 'base\nid_is_one');
});

test("profiles.yml's config: stands in for flags: in a project without them", async () => {
  writeProjectFile(dir, 'dbt_project.yml', projectYaml);
  writeProjectFile(dir, 'profiles.yml', `config:\n  log_level: error\n${profilesYaml}`);
  try {
    const run = await cli(p('run', '-s', 'base'));
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, '');
  } finally {
    writeProjectFile(dir, 'profiles.yml', profilesYaml);
  }
});

test('a project flag with a value dbt does not take is a usage error naming it', async () => {
  withFlags('  log_level: loud\n');
  const run = await cli(p('run', '-s', 'base'));
  assert.equal(run.code, 2);
  assert.match(run.err, /flags: in dbt_project\.yml: log_level must be one of debug, info, warn, error, none, got "loud"/u);
});

test("a command run inside the project's folders finds dbt_project.yml above it, as dbt's default --project-dir", async () => {
  writeProjectFile(dir, 'dbt_project.yml', projectYaml);
  const run = await cli(['ls', '-q', '-s', 'base', '--output', 'name', '--indirect-selection', 'empty'], {}, join(dir, 'models'));
  assert.equal(run.code, 0, run.err);
  assert.equal(run.out, 'base');
});
