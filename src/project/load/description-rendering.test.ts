import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isReelhouseError } from '../../core/diagnostic.js';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeFiles, writeProject } from './test-project.js';

const DOCS = `{% docs hive_summary %}Beehives we keep{% enddocs %}
{% docs hive_id %}Number painted on the lid{% enddocs %}
{% docs frame_note %}Frames counted in {season}{% enddocs %}
`;

test('descriptions render as Jinja: doc() results can be formatted or built from expressions, and var() works', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: apiary\nprofile: apiary\nvars:\n  keeper: Ines\n',
    'models/hives.sql': 'select 1 as hive_id, 8 as frames',
    'models/hives.md': DOCS,
    'models/hives.yml': `models:
  - name: hives
    description: "{{ doc('hive_' ~ 'summary') }} by {{ var('keeper') }}"
    columns:
      - name: frames
        description: "{{ doc('frame_note').format(season='spring') }}"
      - name: hive_id
        description: "{{ '{n} on the lid'.format(n='Number') }}"
`,
  });
  try {
    const hives = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes['model.apiary.hives']!;
    assert.equal(hives.description, 'Beehives we keep by Ines');
    assert.equal(hives.columns['frames']!.description, 'Frames counted in spring');
    assert.equal(hives.columns['hive_id']!.description, 'Number on the lid');
    // Only doc() calls with literal names are doc blocks: a built name or a method call on the result are not.
    assert.deepEqual(hives.doc_blocks, []);
    assert.deepEqual(hives.columns['frames']!.doc_blocks, []);
  } finally {
    await p.cleanup();
  }
});

test('doc_blocks lists the blocks a description names literally, with or without the package', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: apiary\nprofile: apiary\n',
    'models/hives.sql': 'select 1 as hive_id',
    'models/hives.md': DOCS,
    'models/hives.yml': `models:
  - name: hives
    description: "{{ doc('hive_summary') }}"
    columns:
      - name: hive_id
        description: "{{ doc('apiary', 'hive_id') }} and {{ doc('hive_summary') }}"
      - name: plain
        description: just words
`,
  });
  try {
    const hives = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes['model.apiary.hives']!;
    assert.deepEqual(hives.doc_blocks, ['doc.apiary.hive_summary']);
    assert.deepEqual(hives.columns['hive_id']!.doc_blocks, ['doc.apiary.hive_id', 'doc.apiary.hive_summary']);
    assert.equal(hives.columns['hive_id']!.description, 'Number painted on the lid and Beehives we keep');
    assert.deepEqual(hives.columns['plain']!.doc_blocks, []);
  } finally {
    await p.cleanup();
  }
});

test('doc() given a variable nothing sets is doc-not-found at parse', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: apiary\nprofile: apiary\n',
    'models/hives.sql': 'select 1 as hive_id',
    'models/hives.yml': 'models:\n  - name: hives\n    description: "{{ doc(hive_doc_name) }}"\n',
  });
  try {
    await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), (e: unknown) => isReelhouseError(e) && e.diagnostic.code === 'doc-not-found');
  } finally {
    await p.cleanup();
  }
});

test('an absolute docs-paths entry is read where it points', async () => {
  const p = await writeProject({ 'models/hives.sql': 'select 1 as hive_id' });
  const outside = await writeProject({ 'hives.md': DOCS });
  try {
    await writeFiles(p.dir, {
      'dbt_project.yml': `name: apiary\nprofile: apiary\ndocs-paths: [${JSON.stringify(join(outside.dir))}]\n`,
      'models/hives.yml': 'models:\n  - name: hives\n    description: "{{ doc(\'hive_summary\') }}"\n',
    });
    const hives = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes['model.apiary.hives']!;
    assert.equal(hives.description, 'Beehives we keep');
  } finally {
    await p.cleanup();
    await outside.cleanup();
  }
});

test("the manifest always holds dbt's own doc.dbt.__overview__, beside a project's own __overview__ block", async () => {
  const bare = await writeProject({ 'dbt_project.yml': 'name: apiary\nprofile: apiary\n', 'models/hives.sql': 'select 1 as hive_id' });
  const own = await writeProject({
    'dbt_project.yml': 'name: apiary\nprofile: apiary\n',
    'models/hives.sql': 'select 1 as hive_id',
    'models/overview.md': '{% docs __overview__ %}Our apiary{% enddocs %}',
  });
  try {
    const docs = (await loadProject({ projectDir: bare.dir, env: CLEAN_ENV })).manifest.docs;
    const overview = docs['doc.dbt.__overview__']!;
    assert.ok(overview, Object.keys(docs).join(', '));
    assert.equal(overview.package_name, 'dbt');
    assert.equal(overview.name, '__overview__');
    assert.equal(overview.path, 'overview.md');
    assert.equal(overview.original_file_path, 'docs/overview.md');
    assert.ok(overview.block_contents.length > 0);
    // A project's own block is keyed by its package and sits beside dbt's rather than replacing it.
    const both = (await loadProject({ projectDir: own.dir, env: CLEAN_ENV })).manifest.docs;
    assert.equal(both['doc.apiary.__overview__']!.block_contents, 'Our apiary');
    assert.ok(both['doc.dbt.__overview__']);
  } finally {
    await bare.cleanup();
    await own.cleanup();
  }
});
