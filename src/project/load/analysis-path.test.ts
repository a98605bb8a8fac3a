import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test("an analysis's path is its compiled path, analysis/ and its file under the analyses folder, as dbt records it", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: garden\nprofile: garden\n',
    'models/beds.sql': 'select 1 as bed_id',
    'analyses/drafts/bed_audit.sql': "select * from {{ ref('beds') }}",
  });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const audit = manifest.nodes['analysis.garden.bed_audit']!;
    assert.equal(audit.path, 'analysis/drafts/bed_audit.sql');
    assert.equal(audit.original_file_path, 'analyses/drafts/bed_audit.sql');
    assert.equal(manifest.nodes['model.garden.beds']!.path, 'beds.sql');
  } finally {
    await p.cleanup();
  }
});
