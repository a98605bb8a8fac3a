// End to end: meta written in a property file (or as +meta in dbt_project.yml) reaches templates as PyYAML read it (a date is a
// datetime.date, 1.0 a float), manifest.json writes those values as dbt's encoder does, and an
// unchanged project compares equal to its own saved manifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listLines, newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

test('meta dates and floats from YAML are dates and floats in templates, isoformat text in the manifest', async () => {
  const dir = await newProject('aviary', 'models:\n  aviary:\n    +meta:\n      checked: 2022-02-02\n');
  try {
    writeProjectFile(
      dir,
      'models/birds.yml',
      `version: 2
models:
  - name: birds
    config:
      meta:
        since: 2021-03-04
        ratio: 1.0
        ringed_at: 2020-05-05 01:02:03
    columns:
      - name: id
        meta: {weight: 2.0, note: 2021-03-04 and more, quoted: "2021-03-04"}
`,
    );
    writeProjectFile(
      dir,
      'models/birds.sql',
      `select 1 as id
-- {{ model.meta.since + modules.datetime.timedelta(days=1) }} {{ model.meta.ratio }} {{ config.get('meta').ringed_at.hour }}
-- {{ model.columns['id'].meta.weight }} {{ model.columns['id'].meta.quoted is string }}
-- {{ graph.nodes['model.aviary.birds'].config.meta.since.year if execute }}
-- {{ model.meta.checked.month }}
`,
    );
    const run = await runCli(['compile', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const sql = readFileSync(join(dir, 'target', 'compiled', 'aviary', 'models', 'birds.sql'), 'utf8');
    assert.deepEqual(sql.split('\n').slice(1, 5), ['-- 2021-03-05 1.0 1', '-- 2.0 True', '-- 2021', '-- 2']);
    const manifest = readArtifact<{ nodes: Record<string, { meta: unknown; columns: Record<string, { meta: unknown }> }> }>(dir, 'manifest.json');
    const node = manifest.nodes['model.aviary.birds']!;
    assert.deepEqual(node.meta, { checked: '2022-02-02', since: '2021-03-04', ratio: 1, ringed_at: '2020-05-05T01:02:03' });
    assert.deepEqual(node.columns['id']!.meta, { weight: 2, note: '2021-03-04 and more', quoted: '2021-03-04' });
    await cp(join(dir, 'target'), join(dir, 'saved'), { recursive: true });
    assert.deepEqual(await listLines(dir, '-s', 'state:modified', '--state', join(dir, 'saved')), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a unit test's override vars are read as PyYAML reads them: a date var is a date", async () => {
  const dir = await newProject('aviary', 'vars:\n  start: 2020-01-01\n');
  try {
    writeProjectFile(dir, 'models/days.sql', `select cast('{{ var("start") + modules.datetime.timedelta(days=1) }}' as date) as d\n`);
    writeProjectFile(
      dir,
      'models/days.yml',
      `version: 2
unit_tests:
  - name: shifted
    model: days
    overrides:
      vars: {start: 2021-06-01}
    expect:
      rows:
        - {d: 2021-06-02}
`,
    );
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const manifest = readArtifact<{ unit_tests: Record<string, { overrides: { vars: unknown } }> }>(dir, 'manifest.json');
    assert.deepEqual(manifest.unit_tests['unit_test.aviary.days.shifted']!.overrides.vars, { start: '2021-06-01' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
