// End to end: a source table's tags in manifest.json as dbt 1.10 builds them. The tags written on
// the source and the table, at the top or under config:, make one sorted set; dbt_project.yml's
// +tags come first in the config, the node's tags are the config's, and unrendered_config holds
// only the YAML's set. A tag given only under config: selects the table.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('quarry', 'sources:\n  quarry:\n    +tags: [zone_b, zone_a]\n');
  writeProjectFile(dir, 'models/sources.yml', [
    'version: 2',
    'sources:',
    '  - name: pit',
    '    tags: [shale, basalt]',
    '    config:',
    '      tags: [marble]',
    '    tables:',
    '      - name: blocks',
    '        tags: [granite, basalt]',
    '        config:',
    '          tags: cut_only',
    '      - name: gravel',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

interface SourceJson { tags: string[]; config: { tags: string[] }; unrendered_config: { tags?: string[] } }

test("a source's tags: its own and its table's, top-level and config:, sorted after dbt_project.yml's", async () => {
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const sources = readArtifact<{ sources: Record<string, SourceJson> }>(dir, 'manifest.json').sources;
  const blocks = sources['source.quarry.pit.blocks']!;
  assert.deepEqual(blocks.config.tags, ['zone_b', 'zone_a', 'basalt', 'cut_only', 'granite', 'marble', 'shale']);
  assert.deepEqual(blocks.tags, blocks.config.tags);
  assert.deepEqual(blocks.unrendered_config.tags, ['basalt', 'cut_only', 'granite', 'marble', 'shale']);
  const gravel = sources['source.quarry.pit.gravel']!;
  assert.deepEqual(gravel.tags, ['zone_b', 'zone_a', 'basalt', 'marble', 'shale']);
  assert.deepEqual(gravel.unrendered_config.tags, ['basalt', 'marble', 'shale']);
});

test('a tag written only under a table\'s config: selects it', async () => {
  const run = await runCli(['ls', '--project-dir', dir, '--profiles-dir', dir, '-q', '-s', 'tag:cut_only']);
  assert.equal(run.code, 0, run.out + run.err);
  assert.deepEqual(run.out.split('\n').filter((l) => l !== ''), ['source:quarry.pit.blocks']);
});
