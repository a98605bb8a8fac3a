// End to end: a seed over 1 MiB is checksummed by its path, as dbt does, so a change to its
// contents is not seen by state:modified (dbt warns that it cannot tell), while a seed that grew
// past the limit or moved counts as modified.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
// Rows of a seed past 1 MiB (1,048,576 bytes); `mark` changes one value.
const bigSeed = (mark: string): string => `sku,label\n${Array.from({ length: 40000 }, (_, i) => `${i},${i === 7 ? mark : 'shelf-item-padding-text'}`).join('\n')}\n`;

before(async () => {
  dir = await newProject('depot');
  writeProjectFile(dir, 'seeds/stock.csv', bigSeed('first'));
  writeProjectFile(dir, 'seeds/small.csv', 'sku\n1\n');
  assert.equal((await cli('parse')).code, 0);
  cpSync(join(dir, 'target'), join(dir, 'prod-state'), { recursive: true });
});
after(() => rm(dir, { recursive: true, force: true }));

test('a seed over 1 MiB has its path as checksum, and a change to it is no change to state:modified', async () => {
  const manifest = JSON.parse(readFileSync(join(dir, 'prod-state', 'manifest.json'), 'utf8')) as { nodes: Record<string, { checksum: unknown }> };
  assert.deepEqual(manifest.nodes['seed.depot.stock']!.checksum, { name: 'path', checksum: 'seeds/stock.csv' });
  writeFileSync(join(dir, 'seeds', 'stock.csv'), bigSeed('second'));
  const ls = await cli('ls', '-s', 'state:modified', '--state', join(dir, 'prod-state'), '--output', 'name');
  assert.equal(ls.code, 0, ls.err);
  assert.doesNotMatch(ls.out, /stock/u);
  assert.match(`${ls.out}${ls.err}`, /Found a seed \(depot\.stock\) >1MB in size at the same path, dbt cannot tell if it has changed: assuming they are the same/u);
});

test('a seed that grew past 1 MiB is modified', async () => {
  writeFileSync(join(dir, 'seeds', 'small.csv'), bigSeed('grown'));
  const ls = await cli('ls', '-s', 'state:modified', '--state', join(dir, 'prod-state'), '--output', 'name');
  assert.equal(ls.code, 0, ls.err);
  assert.match(ls.out, /^small$/mu);
  assert.match(`${ls.out}${ls.err}`, /Found a seed \(depot\.small\) >1MB in size\. The previous file was <=1MB, so it has changed/u);
});
