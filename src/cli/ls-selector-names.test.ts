// End to end: `ls` (selector output) names a source by package, source and table, and an exposure
// by package and name, as dbt's list does, also when their YAML sits in nested folders (whose
// names are part of the fqn but not of these selectors).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { listLines, newProject, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('grove');
  writeProjectFile(dir, 'models/staging/crm/stg_accounts.sql', "select * from {{ source('crm', 'accounts') }}\n");
  writeProjectFile(dir, 'models/staging/crm/_crm_sources.yml', 'sources:\n  - name: crm\n    schema: raw_crm\n    tables:\n      - name: accounts\n');
  writeProjectFile(
    dir,
    'models/marts/reporting/_exposures.yml',
    "exposures:\n  - name: board_deck\n    type: dashboard\n    owner:\n      name: Finance\n    depends_on:\n      - ref('stg_accounts')\n",
  );
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('ls names a nested source as source:package.source.table and a nested exposure as exposure:package.name', async () => {
  // In unique_id order, as dbt lists them.
  assert.deepEqual(await listLines(dir), ['exposure:grove.board_deck', 'grove.staging.crm.stg_accounts', 'source:grove.crm.accounts']);
  // What ls prints selects the same resource again.
  assert.deepEqual(await listLines(dir, '--select', 'source:grove.crm.accounts'), ['source:grove.crm.accounts']);
  assert.deepEqual(await listLines(dir, '--select', 'exposure:grove.board_deck'), ['exposure:grove.board_deck']);
});
