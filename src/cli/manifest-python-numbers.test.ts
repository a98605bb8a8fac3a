// End to end: manifest.json writes the numbers a user's YAML holds as dbt's json.dumps does: a
// float that is whole keeps its `.0` (meta, configs, a test's inputs) and an int past 2^53 all
// its digits, where a JavaScript number would write `1` and a rounded id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

test('manifest.json keeps 1.0 as 1.0 and a large int exact, as dbt writes them', async () => {
  const dir = await newProject('quarry');
  try {
    writeProjectFile(dir, 'models/stones.sql', 'select 1.0 as weight\n');
    writeProjectFile(
      dir,
      'models/stones.yml',
      `version: 2
models:
  - name: stones
    config:
      density: 3.0
      meta: {ratio: 1.0, owner_id: 123456789012345678, half: 0.5}
    columns:
      - name: weight
        data_tests:
          - accepted_values:
              arguments:
                values: [1.0, 2.0]
                quote: false
`,
    );
    const run = await runCli(['parse', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const text = readFileSync(join(dir, 'target', 'manifest.json'), 'utf8');
    assert.match(text, /"meta":\{"ratio":1\.0,"owner_id":123456789012345678,"half":0\.5\}/);
    assert.match(text, /"density":3\.0/);
    assert.match(text, /"values":\[1\.0,2\.0\]/);
    // still JSON that any reader takes
    assert.equal((JSON.parse(text) as { nodes: Record<string, unknown> }).nodes['model.quarry.stones'] !== undefined, true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
