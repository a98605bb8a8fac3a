// End to end: an int past 2^53 written in YAML (an account id, a hash key) stays exact, as PyYAML
// reads it, wherever templates see it: var(), meta, configs, a generic test's inputs and its name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

test('ints past 2^53 in vars, meta, configs and test inputs are exact in templates and test names', async () => {
  const dir = await newProject('ledger', 'vars:\n  account: 123456789012345678\n  masked: 0x1FFFFFFFFFFFFFFF\nmodels:\n  ledger:\n    +shard: -9007199254740993\n');
  try {
    writeProjectFile(
      dir,
      'models/entries.yml',
      `version: 2
models:
  - name: entries
    config:
      meta: {owner_id: 9007199254740993}
    columns:
      - name: account
        data_tests:
          - accepted_values:
              arguments:
                values: [123456789012345678]
                quote: false
`,
    );
    writeProjectFile(
      dir,
      'models/entries.sql',
      "select {{ var('account') }} as account\n-- {{ var('account') + 1 }} {{ var('masked') }} {{ config.get('shard') }} {{ model.meta.owner_id }} {{ var('cli_id') }}\n",
    );
    const run = await runCli(['compile', '--project-dir', dir, '--vars', '{cli_id: 9007199254740995}']);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const sql = readFileSync(join(dir, 'target', 'compiled', 'ledger', 'models', 'entries.sql'), 'utf8');
    assert.deepEqual(sql.split('\n').slice(0, 2), [
      'select 123456789012345678 as account',
      '-- 123456789012345679 2305843009213693951 -9007199254740993 9007199254740993 9007199254740995',
    ]);
    const manifest = readArtifact<{ nodes: Record<string, unknown> }>(dir, 'manifest.json');
    // dbt-core 1.10's name and hash for this test
    assert.ok('test.ledger.accepted_values_entries_account__False__123456789012345678.ba488991a1' in manifest.nodes, Object.keys(manifest.nodes).join('\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
