// End to end: an unpinned ref() to a versioned model whose greatest version is not yet its
// latest resolves to the latest one, and says so while the referencing node compiles, as dbt's
// UnpinnedRefNewVersionAvailable does; parsing alone says nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

const SCHEMA = `version: 2
models:
  - name: tariffs
    latest_version: 2
    versions:
      - v: 1
      - v: 2
      - v: 3
`;

test('an unpinned ref to a model with a prerelease version notes the version it could try', async (t) => {
  const dir = await newProject('tariffs');
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'models/schema.yml', SCHEMA);
  for (const v of [1, 2, 3]) writeProjectFile(dir, `models/tariffs_v${v}.sql`, `select ${v} as band\n`);
  writeProjectFile(dir, 'models/bills.sql', "select band from {{ ref('tariffs') }}\n");
  writeProjectFile(dir, 'models/pinned_bills.sql', "select band from {{ ref('tariffs', v=3) }}\n");

  const parsed = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(parsed.code, 0, parsed.err + parsed.out);
  assert.doesNotMatch(parsed.out + parsed.err, /unpinned reference/);

  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err + run.out);
  const text = run.out + run.err;
  assert.match(
    text,
    /While compiling 'bills':\nFound an unpinned reference to versioned model 'tariffs' in project 'tariffs'\.\nResolving to latest version: tariffs\.v2\nA prerelease version 3 is available\. It has not yet been marked 'latest' by its maintainer\.\nWhen that happens, this reference will resolve to tariffs\.v3 instead\.\n/,
  );
  assert.match(text, / {2}Try out v3: \{\{ ref\('tariffs', 'tariffs', v='3'\) \}\}\n {2}Pin to {2}v2: \{\{ ref\('tariffs', 'tariffs', v='2'\) \}\}/);
  assert.equal(text.match(/unpinned reference/g)?.length, 1);
});
