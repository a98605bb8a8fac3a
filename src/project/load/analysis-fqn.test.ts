import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

const FILES = {
  'models/beds.sql': 'select 1 as bed_id',
  'analyses/drafts/bed_audit.sql': "select * from {{ ref('beds') }}",
  'analyses/bed_sizes.sql': 'select 2 as size',
};

test("an analysis's fqn carries dbt's extra 'analysis' segment unless require_corrected_analysis_fqns drops it, so folder configs match", async () => {
  const legacy = await writeProject({ ...FILES, 'dbt_project.yml': 'name: garden\nprofile: garden\n' });
  const corrected = await writeProject({
    ...FILES,
    'dbt_project.yml': 'name: garden\nprofile: garden\nflags:\n  require_corrected_analysis_fqns: true\nanalyses:\n  garden:\n    drafts:\n      +enabled: false\n',
  });
  try {
    const old = (await loadProject({ projectDir: legacy.dir, env: CLEAN_ENV })).manifest;
    assert.deepEqual(old.nodes['analysis.garden.bed_audit']?.fqn, ['garden', 'analysis', 'drafts', 'bed_audit']);
    const fixed = (await loadProject({ projectDir: corrected.dir, env: CLEAN_ENV })).manifest;
    assert.deepEqual(fixed.nodes['analysis.garden.bed_sizes']?.fqn, ['garden', 'bed_sizes']);
    assert.equal(fixed.nodes['analysis.garden.bed_audit'], undefined);
    assert.deepEqual((fixed.disabled['analysis.garden.bed_audit']?.[0] as { fqn?: string[] } | undefined)?.fqn, ['garden', 'drafts', 'bed_audit']);
  } finally {
    await legacy.cleanup();
    await corrected.cleanup();
  }
});
