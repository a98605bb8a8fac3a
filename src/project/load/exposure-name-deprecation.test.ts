import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

const EXPOSURES = `version: 2
exposures:
  - name: Box Office Board!
    type: dashboard
    depends_on: [ref('takings')]
    owner: {email: ops@example.com}
  - name: box_office_v2
    label: Box Office (v2)
    type: dashboard
    depends_on: [ref('takings')]
    owner: {email: ops@example.com}
`;

test("an exposure named with spaces or punctuation still loads, with dbt's exposure-name deprecation", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: cinema\nprofile: cinema\n',
    'models/takings.sql': 'select 120 as tickets\n',
    'models/exposures.yml': EXPOSURES,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.equal(Object.keys(loaded.manifest.exposures).length, 2);
    const warned = loaded.diagnostics.filter((d) => d.code === 'exposure-name');
    assert.equal(warned.length, 1);
    assert.equal(warned[0]!.severity, 'warning');
    assert.match(warned[0]!.message, /^Starting in v1\.3, the 'name' of an exposure should contain only letters, numbers, and underscores\./);
    assert.match(warned[0]!.message, /Box Office Board! does not follow this pattern/);
    assert.equal(warned[0]!.location?.line, 3);
  } finally {
    await p.cleanup();
  }
});
