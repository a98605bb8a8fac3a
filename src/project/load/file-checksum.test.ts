import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fileChecksum } from './files.js';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeFiles, writeProject } from './test-project.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const PROJECT = {
  'dbt_project.yml': 'name: reels\nprofile: reels\nconfig-version: 2\n',
  'models/daily_plays.sql': '\n\nselect 7 as plays\n\n',
  'analyses/plays_check.sql': '  select 1 as ok\n',
  'tests/no_negative_plays.sql': "\nselect * from {{ ref('daily_plays') }} where plays < 0\n",
  'snapshots/plays_snap.sql':
    "\n{% snapshot plays_snap %}\n{{ config(unique_key='plays', strategy='check', check_cols='all', target_schema='snaps') }}\nselect * from {{ ref('daily_plays') }}\n{% endsnapshot %}\n",
  'seeds/channels.csv': '\nchannel_id,label\n3,news\n\n',
  'models/props.yml': 'version: 2\nmodels:\n  - name: daily_plays\n    columns:\n      - name: plays\n        data_tests: [not_null]\n',
};

test('resource file checksums hash the text with surrounding whitespace stripped, as dbt does', async () => {
  const p = await writeProject(PROJECT);
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const nodes = manifest.nodes;
    assert.deepEqual(nodes['model.reels.daily_plays']!.checksum, { name: 'sha256', checksum: sha('select 7 as plays') });
    assert.equal(nodes['analysis.reels.plays_check']!.checksum.checksum, sha('select 1 as ok'));
    assert.equal(nodes['test.reels.no_negative_plays']!.checksum.checksum, sha("select * from {{ ref('daily_plays') }} where plays < 0"));
    assert.equal(nodes['seed.reels.channels']!.checksum.checksum, sha('channel_id,label\n3,news'));
    // A snapshot's checksum is its file's, though its raw code is the block's body.
    const snapshotFile = PROJECT['snapshots/plays_snap.sql'];
    assert.equal(nodes['snapshot.reels.plays_snap']!.checksum.checksum, sha(snapshotFile.trim()));
    // A generic test has no file of its own: dbt writes the empty hash.
    const generic = Object.values(nodes).find((n) => n.name === 'not_null_daily_plays_plays')!;
    assert.deepEqual(generic.checksum, { name: 'none', checksum: '' });
  } finally {
    await p.cleanup();
  }
});

test('adding blank lines around a model leaves its checksum unchanged; editing its body does not', async () => {
  const p = await writeProject(PROJECT);
  try {
    const before = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes['model.reels.daily_plays']!.checksum.checksum;
    await writeFiles(p.dir, { 'models/daily_plays.sql': 'select 7 as plays\n\n\n\n' });
    const padded = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes['model.reels.daily_plays']!.checksum.checksum;
    assert.equal(padded, before);
    await writeFiles(p.dir, { 'models/daily_plays.sql': 'select 8 as plays\n' });
    const edited = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes['model.reels.daily_plays']!.checksum.checksum;
    assert.notEqual(edited, before);
  } finally {
    await p.cleanup();
  }
});

test("a checksum strips the whitespace Python's strip() does: an ideographic space goes, a byte order mark stays", () => {
  assert.equal(fileChecksum('\u3000\ufeffselect 1\u2028 \x1c\n'), sha('\ufeffselect 1'));
  assert.equal(fileChecksum('\u00a0\u2000\u200a\t\v\f\r\x85select 1\u205f\u202f'), sha('select 1'));
  assert.equal(fileChecksum(' \n\t '), sha(''));
  assert.equal(fileChecksum('select 1'), sha('select 1'));
});
