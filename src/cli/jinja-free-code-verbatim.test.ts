// dbt renders a node's code as a template only when it holds a Jinja delimiter; other code is
// its compiled code as written. A file saved with CRLF line ends shows the difference: Jinja
// turns them into LF, so only a model with Jinja in it loses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const BASE = {
  'dbt_project.yml': "name: reels\nversion: '1.0.0'\nprofile: reels\n",
  'profiles.yml': 'reels:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: reels.duckdb\n',
  'models/plays.sql': 'select\r\n    7 as plays\r\nfrom (select 1) as one',
  'models/top_plays.sql': "select\r\n    plays\r\nfrom {{ ref('plays') }}",
};

test('a CRLF model with no Jinja in it compiles with its CRLF line ends; one with Jinja gets LF', async () => {
  await withProjectFiles(BASE, {}, async (dir) => {
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const nodes = readArtifact<{ nodes: Record<string, { compiled_code: string }> }>(dir, 'manifest.json').nodes;
    assert.equal(nodes['model.reels.plays']!.compiled_code, 'select\r\n    7 as plays\r\nfrom (select 1) as one');
    assert.equal(nodes['model.reels.top_plays']!.compiled_code, 'select\n    plays\nfrom "reels"."main"."plays"');
    const results = readArtifact<{ results: { unique_id: string; compiled_code: string }[] }>(dir, 'run_results.json').results;
    assert.equal(results.find((r) => r.unique_id === 'model.reels.plays')!.compiled_code, 'select\r\n    7 as plays\r\nfrom (select 1) as one');
    assert.equal(readFileSync(join(dir, 'target/compiled/reels/models/plays.sql'), 'utf8'), 'select\r\n    7 as plays\r\nfrom (select 1) as one');
  });
});

test('code with only a closing delimiter is still rendered as a template, as dbt does', async () => {
  await withProjectFiles(BASE, { 'models/plays.sql': "select\r\n    '%}' as marker" }, async (dir) => {
    const run = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir, '-s', 'plays']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const nodes = readArtifact<{ nodes: Record<string, { compiled_code: string }> }>(dir, 'manifest.json').nodes;
    assert.equal(nodes['model.reels.plays']!.compiled_code, "select\n    '%}' as marker");
  });
});
