// End to end: dbt's DBT_* variables for the profile and target, their older names, choices
// given in any case and the debug log format, as a CI job that sets them for dbt expects.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, createFlagsProject } from './dbt-flags-fixture.js';
import { queryDb, writeProjectFile } from './test-helpers.js';

describe("dbt's environment variables", () => {
  let dir = '';
  const p = (...args: string[]): string[] => [...args, '--project-dir', dir];

  before(async () => {
    dir = await createFlagsProject();
    writeProjectFile(dir, 'macros/hello.sql', "{% macro hello() %}{% do print('hello from print') %}{% endmacro %}\n");
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('DBT_TARGET and DBT_PROFILE choose the target and profile; --target wins over DBT_TARGET', async () => {
    const prod = await cli(p('build', '-s', '+base', '--exclude-resource-type', 'test', '-q'), { DBT_TARGET: 'prod' });
    assert.equal(prod.code, 0, prod.err);
    const [tables] = await queryDb(join(dir, 'flags.duckdb'), "select count(*) from information_schema.tables where table_schema = 'prod' and table_name = 'base'");
    assert.equal(Number(tables[0]![0]), 1);
    const given = await cli(p('debug', '--target', 'dev'), { DBT_TARGET: 'prod' });
    assert.match(given.out, /schema: main/u);
    const other = await cli(p('run', '-s', 'base', '-q'), { DBT_PROFILE: 'other' });
    assert.equal(other.code, 1, 'the other profile has no seed');
    assert.ok(existsSync(join(dir, 'other.duckdb')));
  });

  test('DBT_PROFILES_DIR is where profiles.yml must be, as --profiles-dir', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'reelhouse-no-profiles-'));
    try {
      const run = await cli(p('run', '-s', 'base', '-q'), { DBT_PROFILES_DIR: empty });
      assert.equal(run.code, 2);
      assert.match(run.err, /No profiles\.yml found in .*DBT_PROFILES_DIR/u);
      cpSync(join(dir, 'profiles.yml'), join(empty, 'profiles.yml'));
      assert.equal((await cli(p('run', '-s', 'base', '-q'), { DBT_PROFILES_DIR: empty })).code, 0);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  test('the older DBT_NO_PRINT and DBT_ARTIFACT_STATE_PATH still work; the newer names win', async () => {
    assert.equal((await cli(p('run-operation', 'hello', '-q'))).out, 'hello from print');
    assert.equal((await cli(p('run-operation', 'hello', '-q'), { DBT_NO_PRINT: 'true' })).out, '');
    assert.equal((await cli(p('run-operation', 'hello', '-q'), { DBT_NO_PRINT: 'true', DBT_PRINT: 'true' })).out, 'hello from print');
    assert.equal((await cli(p('parse', '-q', '--target-path', 'state'))).code, 0);
    const withoutState = await cli(p('ls', '-s', 'state:modified', '-q'));
    assert.equal(withoutState.code, 2);
    const modified = await cli(p('ls', '-s', 'state:modified', '-q'), { DBT_ARTIFACT_STATE_PATH: join(dir, 'state') });
    assert.equal(modified.code, 0, modified.err);
    assert.equal(modified.out, '');
  });

  test('DBT_SAMPLE and DBT_EVENT_TIME_START are read as --sample and --event-time-start', async () => {
    const sample = await cli(p('run', '-q'), { DBT_SAMPLE: '3 fortnights' });
    assert.equal(sample.code, 2);
    assert.match(sample.err, /Invalid grain size 'fortnights'/u);
    const start = await cli(p('run', '-q'), { DBT_EVENT_TIME_START: '2024-01-01' });
    assert.equal(start.code, 2);
    assert.match(start.err, /When specifying `--event-time-start`, `--event-time-end` must also be present\./u);
  });

  test('choices are taken in any case, as dbt takes --log-level WARN', async () => {
    const run = await cli(p('run', '-s', 'base', '--log-level', 'WARN', '--log-format', 'TEXT', '--indirect-selection', 'Cautious'));
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, '');
    assert.equal((await cli(p('run', '-s', 'base', '--log-level', 'loud'))).code, 2);
    assert.equal((await cli(p('ls', '-s', 'base', '--output', 'NAME', '-q'))).out, 'base\nid_is_one');
    const show = await cli(p('show', '-s', 'base', '--output', 'JSON', '--limit', '1', '-q'));
    assert.equal(show.code, 0, show.err);
    assert.equal((JSON.parse(show.out) as { node: string }).node, 'base');
    assert.equal((await cli(p('show', '-s', 'base', '--output', 'table', '-q'))).code, 2, 'an output format dbt does not know is a usage error');
  });

  test("DBT_LOG_FORMAT=debug (or --log-format debug) prints dbt's debug lines: microseconds, level and thread; dbt.log follows the format", async () => {
    for (const [args, env] of [[['--log-format', 'debug'], {}], [[], { DBT_LOG_FORMAT: 'debug' }]] as const) {
      const run = await cli(p('run', '-s', 'base', ...args), env);
      assert.equal(run.code, 0, run.err);
      assert.match(run.out, /^\d\d:\d\d:\d\d\.\d{6} \[info \] \[Thread-1 \(\]: 1 of 1 OK created sql table model main\.base /mu);
    }
    // dbt.log follows --log-format: `text` writes text lines, `debug` and `default` the debug lines.
    const lastLogLine = (): string => readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8').trim().split('\n').filter((l) => /^\d/u.test(l)).pop() ?? '';
    for (const [format, line] of [['text', /^\d\d:\d\d:\d\d {2}\S/u], ['default', /^\d\d:\d\d:\d\d\.\d{6} \[/u], ['debug', /^\d\d:\d\d:\d\d\.\d{6} \[/u]] as const) {
      assert.equal((await cli(p('parse', '-q', '--log-format', format))).code, 0);
      assert.match(lastLogLine(), line, format);
    }
  });

  test('build accepts --export-saved-queries and the older --include-saved-query', async () => {
    for (const flag of ['--export-saved-queries', '--no-export-saved-queries', '--include-saved-query']) {
      const run = await cli(p('build', '-s', 'people', '-q', flag));
      assert.equal(run.code, 0, `${flag}: ${run.err}`);
    }
  });
});
