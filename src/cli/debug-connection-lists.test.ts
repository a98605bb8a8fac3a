// End to end: debug lists attach:, extensions: and plugins: as dbt-duckdb's connection info gives them, each entry
// with every field of its dataclass in order (unset ones None, read_only False) and an attached
// database's path as written in profiles.yml, not as Reelhouse resolved it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

describe("debug's attach:, extensions: and plugins: lines", () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-debug-lists-'));
    await mkdir(join(dir, 'data'));
    writeProjectFile(dir, 'dbt_project.yml', 'name: grid\nprofile: grid\n');
    writeProjectFile(dir, 'profiles.yml', [
      'grid:',
      '  target: dev',
      '  outputs:',
      '    dev:',
      '      type: duckdb',
      '      path: grid.duckdb',
      '      attach:',
      '        - path: data/prices.duckdb',
      '          alias: bronze_price',
      '        - path: data/lake.duckdb',
      '          read_only: false',
      '      extensions:',
      '        - json',
      '        - name: parquet',
      '          repo: core',
      '      plugins:',
      '        - module: excel',
      '',
    ].join('\n'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('each entry shows all its fields, the path as written', async () => {
    const run = await runCli(['debug', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    const line = (key: string) => run.out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, '')).find((l) => l.startsWith(`  ${key}: `));
    assert.equal(line('attach'), "  attach: [{'path': 'data/prices.duckdb', 'type': None, 'alias': 'bronze_price', 'secret': None, 'read_only': False, 'options': None, 'is_ducklake': None}, "
      + "{'path': 'data/lake.duckdb', 'type': None, 'alias': None, 'secret': None, 'read_only': False, 'options': None, 'is_ducklake': None}]");
    assert.equal(line('extensions'), "  extensions: ['json', {'name': 'parquet', 'repo': 'core'}]");
    assert.equal(line('plugins'), "  plugins: [{'module': 'excel', 'alias': None, 'config': None}]");
  });
});
