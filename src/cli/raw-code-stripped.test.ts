// dbt keeps a resource file's contents with surrounding whitespace stripped: a model's raw_code,
// and so what it compiles to, has no leading or trailing blank lines, while errors still name
// the lines of the file as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const BASE = {
  'dbt_project.yml': "name: reels\nversion: '1.0.0'\nprofile: reels\n",
  'profiles.yml': 'reels:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: reels.duckdb\n',
  'models/plays.sql': '\n\n  select 7 as plays\n\n',
  'models/top_plays.sql': "\n{{ config(materialized='table') }}\n\nselect plays from {{ ref('plays') }}\n",
  'analyses/plays_check.sql': '\nselect 1 as ok\n',
  'tests/no_negative_plays.sql': "\n\nselect * from {{ ref('plays') }} where plays < 0\n",
};

interface Node {
  raw_code: string;
  compiled_code: string;
}

test("a model's raw_code and compiled code leave out the blank lines around the file's text, as dbt's do", async () => {
  await withProjectFiles(BASE, {}, async (dir) => {
    const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const nodes = readArtifact<{ nodes: Record<string, Node> }>(dir, 'manifest.json').nodes;
    assert.equal(nodes['model.reels.plays']!.raw_code, 'select 7 as plays');
    assert.equal(nodes['model.reels.plays']!.compiled_code, 'select 7 as plays');
    assert.equal(nodes['model.reels.top_plays']!.raw_code, "{{ config(materialized='table') }}\n\nselect plays from {{ ref('plays') }}");
    assert.equal(nodes['model.reels.top_plays']!.compiled_code, '\n\nselect plays from "reels"."main"."plays"');
    assert.equal(nodes['analysis.reels.plays_check']!.raw_code, 'select 1 as ok');
    assert.equal(nodes['test.reels.no_negative_plays']!.raw_code, "select * from {{ ref('plays') }} where plays < 0");
    const compiledFile = readFileSync(join(dir, 'target/compiled/reels/models/top_plays.sql'), 'utf8');
    assert.equal(compiledFile, '\n\nselect plays from "reels"."main"."plays"');
    const results = readArtifact<{ results: { unique_id: string; compiled_code: string }[] }>(dir, 'run_results.json').results;
    assert.equal(results.find((r) => r.unique_id === 'model.reels.top_plays')!.compiled_code, '\n\nselect plays from "reels"."main"."plays"');
  });
});

test('a Jinja error in a model that starts with blank lines names the line of the file', async () => {
  await withProjectFiles(BASE, { 'models/top_plays.sql': "\n\n\nselect {{ no_such_macro() }} as plays\nfrom {{ ref('plays') }}\n" }, async (dir) => {
    const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
    assert.notEqual(run.code, 0);
    assert.match(`${run.out}\n${run.err}`, /line 4 of models[/\\]top_plays\.sql/);
  });
});

test('a mistake in a Python model that starts with blank lines names the line of the file', async () => {
  const model = "\n\ndef model(dbt, session):\n    plays = dbt.ref('plays')\n    return plays.filter('{{ 1 }}')\n";
  await withProjectFiles(BASE, { 'models/py_plays.py': model }, async (dir) => {
    const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.notEqual(run.code, 0);
    assert.match(`${run.out}\n${run.err}`, /py_plays\.py:5:/);
  });
});
