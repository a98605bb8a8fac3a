// A generic test's config that renders to None (`"{{ var('x', None) | as_native }}"`) is not set,
// so dbt_project.yml's value for tests applies, as in dbt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test('enabled/severity rendering to None leave the project-level test config in force', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: pond\ndata_tests:\n  pond:\n    enabled: false\n    severity: warn\n',
    'models/frogs.sql': 'select 1 as leap',
    'models/frogs.yml': `models:
  - name: frogs
    columns:
      - name: leap
        data_tests:
          - not_null:
              enabled: "{{ var('lily_pad', None) | as_native }}"
              severity: "{{ var('lily_pad', None) | as_native }}"
          - unique:
              enabled: "{{ var('reed', True) | as_native }}"
`,
  });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const enabledTests = Object.values(manifest.nodes).filter((n) => n.resource_type === 'test');
    assert.deepEqual(enabledTests.map((n) => [n.name, n.config.severity]), [['unique_frogs_leap', 'warn']]);
    assert.ok(Object.keys(manifest.disabled).some((id) => id.startsWith('test.pond.not_null_frogs_leap')));
  } finally {
    await p.cleanup();
  }
});
