import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../../core/diagnostic.js';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

const model = (versions: string) => `models:
  - name: invoices
    latest_version: 3
    columns:
      - name: invoice_id
        data_type: bigint
        data_tests: [unique]
      - name: amount
        data_type: decimal(10, 2)
      - name: memo
        data_type: varchar
    versions:
${versions}`;

async function columnsByVersion(versions: string): Promise<Record<string, Record<string, string | null>>> {
  const p = await writeProject({
    'dbt_project.yml': 'name: ledger\nprofile: ledger\n',
    'models/invoices_v1.sql': 'select 1 as invoice_id',
    'models/invoices_v2.sql': 'select 1 as invoice_id',
    'models/invoices_v3.sql': 'select 1 as invoice_id',
    'models/invoices.yml': model(versions),
  });
  try {
    const nodes = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes;
    const out: Record<string, Record<string, string | null>> = {};
    for (const v of [1, 2, 3]) {
      const node = nodes[`model.ledger.invoices.v${v}`]!;
      out[`v${v}`] = Object.fromEntries(Object.values(node.columns).map((c) => [c.name, c.data_type ?? null]));
    }
    return out;
  } finally {
    await p.cleanup();
  }
}

test("a version's columns are the model's, narrowed by include/exclude, plus its own entries", async () => {
  const columns = await columnsByVersion(`      - v: 1
        columns:
          - include: all
            exclude: [memo]
      - v: 2
        columns:
          - include: [invoice_id]
          - name: currency
            data_type: varchar
      - v: 3
        columns:
          - name: amount
            data_type: decimal(12, 2)
`);
  assert.deepEqual(columns.v1, { invoice_id: 'bigint', amount: 'decimal(10, 2)' });
  assert.deepEqual(columns.v2, { invoice_id: 'bigint', currency: 'varchar' });
  // No include/exclude element means every model column, a version entry of the same name replacing it in place.
  assert.deepEqual(columns.v3, { invoice_id: 'bigint', amount: 'decimal(12, 2)', memo: 'varchar' });
});

test('a version takes at most one include/exclude element, and exclude needs include: all', async () => {
  await assert.rejects(
    columnsByVersion(`      - v: 1\n        columns:\n          - include: all\n          - exclude: [memo]\n      - v: 2\n      - v: 3\n`),
    (e: unknown) => isReelhouseError(e) && /at most one include\/exclude element/.test(e.diagnostic.message),
  );
  await assert.rejects(
    columnsByVersion(`      - v: 1\n        columns:\n          - include: [amount]\n            exclude: [memo]\n      - v: 2\n      - v: 3\n`),
    (e: unknown) => isReelhouseError(e) && /exclude can only be specified if include is one of 'all' or '\*'/.test(e.diagnostic.message),
  );
});
