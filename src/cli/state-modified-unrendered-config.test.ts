// End to end: under the project flag state_modified_compare_more_unrendered_values,
// state:modified compares a model's config() call as written, as dbt does. A value read through
// env_var() or var() that differs between the two runs is no change; editing the call's text is
// one. manifest.json's unrendered_config holds the call's arguments as written. Without the flag
// (dbt's default) it holds the values the call passed, which the last test checks.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listLines, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const KIND = 'REELHOUSE_SHAPE_KIND';
const shapedSql = (kindVar: string): string =>
  `{{ config(materialized=env_var('${kindVar}'), tags=var('shape_tags', ['nightly']), alias='shape_' ~ var('suffix', 'a'), enabled=true) }}\nselect 1 as id\n`;

// A project built once with ${KIND} set to table, its target copied to prod-target as the --state to compare with.
async function builtProject(projectYaml: string, models: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-unrendered-'));
  writeProjectFile(dir, 'dbt_project.yml', `name: shapes\nversion: '1.0.0'\nprofile: shapes\n${projectYaml}`);
  writeProjectFile(dir, 'profiles.yml', 'shapes:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shapes.duckdb\n');
  for (const [file, text] of Object.entries(models)) writeProjectFile(dir, file, text);
  process.env[KIND] = 'table';
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '-q']);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  cpSync(join(dir, 'target'), join(dir, 'prod-target'), { recursive: true });
  return dir;
}

async function restoreKind(saved: string | undefined, dir: string): Promise<void> {
  if (saved === undefined) delete process.env[KIND];
  else process.env[KIND] = saved;
  await rm(dir, { recursive: true, force: true });
}

describe('state:modified with env_var() and var() in config()', () => {
  let dir = '';
  let stateDir = '';
  const saved = process.env[KIND];

  before(async () => {
    dir = await builtProject('flags:\n  state_modified_compare_more_unrendered_values: true\n', {
      'models/shaped.sql': shapedSql(KIND),
      'models/literal.sql': "{{ config(materialized='table', meta={'owner': 'ops'}) }}\nselect 2 as id\n",
    });
    stateDir = join(dir, 'prod-target');
  });
  after(async () => restoreKind(saved, dir));

  test('manifest.json keeps expressions in config() as written and literals as values', () => {
    const manifest = readArtifact(dir, 'manifest.json') as { nodes: Record<string, { config: Record<string, unknown>; unrendered_config: Record<string, unknown> }> };
    const shaped = manifest.nodes['model.shapes.shaped']!;
    assert.equal(shaped.config.materialized, 'table');
    assert.equal(shaped.config.alias, 'shape_a');
    assert.deepEqual(shaped.unrendered_config, {
      materialized: `env_var('${KIND}')`,
      tags: "var('shape_tags', ['nightly'])",
      alias: "'shape_' ~ var('suffix', 'a')",
      enabled: true,
    });
    assert.deepEqual(manifest.nodes['model.shapes.literal']!.unrendered_config, { materialized: 'table', meta: { owner: 'ops' } });
  });

  test('a different env_var() or var() value is no change', async () => {
    process.env[KIND] = 'view';
    assert.deepEqual(await listLines(dir, '-s', 'state:modified', '--state', stateDir), []);
    assert.deepEqual(await listLines(dir, '-s', 'state:modified', '--state', stateDir, '--vars', '{suffix: b, shape_tags: [hourly]}'), []);
  });

  test('editing the text of a config() call is a change', async () => {
    process.env[KIND] = 'table';
    process.env[`${KIND}_2`] = 'table';
    try {
      writeProjectFile(dir, 'models/shaped.sql', shapedSql(`${KIND}_2`));
      writeProjectFile(dir, 'models/literal.sql', "{{ config(materialized='view', meta={'owner': 'ops'}) }}\nselect 2 as id\n");
      assert.deepEqual(await listLines(dir, '-s', 'state:modified.configs', '--state', stateDir), ['shapes.literal', 'shapes.shaped']);
    } finally {
      delete process.env[`${KIND}_2`];
    }
  });
});

describe("state:modified with env_var() in config(), under dbt's default flags", () => {
  let dir = '';
  let stateDir = '';
  const saved = process.env[KIND];

  before(async () => {
    dir = await builtProject('', {
      'models/shaped.sql': `{{ config(materialized=env_var('${KIND}'), tags='nightly') }}\n{{ config(tags=['hourly'], pre_hook='select 1') }}\nselect 1 as id\n`,
    });
    stateDir = join(dir, 'prod-target');
  });
  after(async () => restoreKind(saved, dir));

  test('unrendered_config holds the values the config() calls passed, merged as dbt collects them', () => {
    const manifest = readArtifact(dir, 'manifest.json') as { nodes: Record<string, { unrendered_config: Record<string, unknown> }> };
    assert.deepEqual(manifest.nodes['model.shapes.shaped']!.unrendered_config, { materialized: 'table', tags: ['nightly', 'hourly'], 'pre-hook': ['select 1'] });
  });

  test('a different env_var() value is a change of config', async () => {
    process.env[KIND] = 'view';
    assert.deepEqual(await listLines(dir, '-s', 'state:modified.configs', '--state', stateDir), ['shapes.shaped']);
  });
});
