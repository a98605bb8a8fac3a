import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

// A column whose tests: key is written twice, as copied-and-pasted property files often have.
const SOURCES = `version: 2
sources:
  - name: box_office
    schema: raw
    tables:
      - name: sale
        columns:
          - name: eventid
            tests:
              - unique
            tests:
              - not_null
`;

test('a key written twice in a property file keeps its last value and warns, as dbt does', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: cinema\nprofile: cinema\n',
    'models/takings.sql': "select * from {{ source('box_office', 'sale') }}\n",
    'models/sources.yml': SOURCES,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const tests = Object.values(loaded.manifest.nodes).filter((n) => n.resource_type === 'test').map((n) => n.name);
    assert.deepEqual(tests, ['source_not_null_box_office_sale_eventid']);
    const warned = loaded.diagnostics.filter((d) => d.code === 'yaml-duplicate-key');
    assert.equal(warned.length, 1);
    assert.equal(warned[0]!.severity, 'warning');
    assert.match(warned[0]!.message, /^Duplicate key 'tests' in property file models\/sources\.yml/);
    assert.equal(warned[0]!.location?.line, 11);
  } finally {
    await p.cleanup();
  }
});
