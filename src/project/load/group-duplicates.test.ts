// dbt refuses two groups of one name in a package, as it does any other resource.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test('two groups with one name fail to parse, at the second', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: guild\nprofile: guild\n',
    'models/a.yml': 'groups:\n  - name: finance\n    owner: {name: Ana}\n',
    'models/b.yml': 'groups:\n  - name: ops\n    owner: {name: Bo}\n  - name: finance\n    owner: {email: fin@example.com}\n',
  });
  try {
    const error = await loadProject({ projectDir: p.dir, env: CLEAN_ENV }).then(() => undefined, (e: Error & { diagnostic?: { location?: unknown } }) => e);
    assert.equal(
      error?.message,
      'dbt found two groups with the name "finance".\n\nSince these resources have the same name, dbt will be unable to find the correct resource\nwhen looking for finance.\n\n' +
        'To fix this, change the name of one of these resources:\n- group.guild.finance (models/b.yml)\n- group.guild.finance (models/a.yml)',
    );
    assert.deepEqual(error.diagnostic?.location, { file: join(p.dir, 'models/b.yml'), line: 4 });
  } finally {
    await p.cleanup();
  }
});
