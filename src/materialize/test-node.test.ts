import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isReelhouseError } from '../core/diagnostic.js';
import type { CompiledNode, NodeConfig } from '../project/types.js';
import { materializeNode } from './materialize-node.js';
import { makeContext, makeNode, openTestWarehouse, type TestWarehouse } from './test-fixtures.js';

describe('test materialization', () => {
  let wh: TestWarehouse;
  before(async () => {
    wh = await openTestWarehouse();
    await wh.adapter.execute('create table main.users as select * from (values (1, \'a\'), (2, null), (3, null), (4, null)) t(id, email)');
  });
  after(async () => {
    await wh.dispose();
  });

  const nullEmails = 'select * from "main"."users" where email is null';
  const testNode = (name: string, sql: string, config: Partial<NodeConfig> = {}): CompiledNode =>
    makeNode(wh.database, {
      name,
      resource_type: 'test',
      schema: 'main_dbt_test__audit',
      compiled_code: sql,
      config: { severity: 'ERROR', warn_if: '!= 0', error_if: '!= 0', ...config },
    });

  it('passes when the query returns no rows', async () => {
    const result = await materializeNode(makeContext(wh.adapter, testNode('not_null_users_id', 'select * from "main"."users" where id is null')));
    assert.equal(result.status, 'pass');
    assert.equal(result.message, 'PASS');
    assert.equal(result.failures, 0);
  });

  it('fails with the count of failing rows', async () => {
    const result = await materializeNode(makeContext(wh.adapter, testNode('not_null_users_email', nullEmails)));
    assert.equal(result.status, 'fail');
    assert.equal(result.message, 'Got 3 results, configured to fail if != 0');
    assert.equal(result.failures, 3);
    assert.ok(result.executedSql.at(-1)?.includes('dbt_internal_test'));
  });

  it('warns instead of failing with severity warn (any case)', async () => {
    const result = await materializeNode(makeContext(wh.adapter, testNode('warned', nullEmails, { severity: 'Warn' })));
    assert.equal(result.status, 'warn');
    assert.equal(result.message, 'Got 3 results, configured to warn if != 0');
  });

  it('uses error_if and warn_if thresholds as dbt compares them', async () => {
    const belowError = await materializeNode(makeContext(wh.adapter, testNode('thresholds', nullEmails, { error_if: '>= 5', warn_if: '> 2' })));
    assert.equal(belowError.status, 'warn');
    assert.equal(belowError.failures, 3);
    assert.equal(belowError.message, 'Got 3 results, configured to warn if > 2');
    const quiet = await materializeNode(makeContext(wh.adapter, testNode('thresholds2', nullEmails, { error_if: '> 10', warn_if: '> 10' })));
    assert.equal(quiet.status, 'pass');
    assert.equal(quiet.failures, 0, 'a passing test records no failures even when rows came back');
    const hard = await materializeNode(makeContext(wh.adapter, testNode('thresholds3', nullEmails, { error_if: '>= 3' })));
    assert.equal(hard.status, 'fail');
  });

  it('counts at most `limit` rows', async () => {
    const result = await materializeNode(makeContext(wh.adapter, testNode('limited', nullEmails, { limit: 2 })));
    assert.equal(result.failures, 2);
    assert.equal(result.message, 'Got 2 results, configured to fail if != 0');
  });

  it('stores at most `limit` failing rows, as a table or a view', async () => {
    for (const store_failures_as of ['table', 'view']) {
      const name = `limited_${store_failures_as}`;
      const result = await materializeNode(makeContext(wh.adapter, testNode(name, nullEmails, { limit: 2, store_failures_as })));
      assert.equal(result.failures, 2);
      assert.deepEqual(await wh.rows(`select count(*)::int as n from main_dbt_test__audit.${name}`), [{ n: 2 }], store_failures_as);
    }
  });

  it('stores failing rows in the audit schema as a table, replacing them on the next run', async () => {
    const node = testNode('stored_failures', nullEmails, { store_failures: true });
    const first = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(first.status, 'fail');
    assert.deepEqual(first.relation, { database: wh.database, schema: 'main_dbt_test__audit', identifier: 'stored_failures', type: 'table' });
    assert.deepEqual(await wh.rows('select count(*)::int as n from main_dbt_test__audit.stored_failures'), [{ n: 3 }]);

    node.compiled_code = 'select * from "main"."users" where id = 1';
    const second = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(second.failures, 1);
    assert.deepEqual(await wh.rows('select id, email from main_dbt_test__audit.stored_failures'), [{ id: 1, email: 'a' }]);
  });

  it('stores failures as a view with store_failures_as, or from the --store-failures flag', async () => {
    const asView = await materializeNode(makeContext(wh.adapter, testNode('failures_view', nullEmails, { store_failures_as: 'view' })));
    assert.equal(asView.relation?.type, 'view');
    assert.deepEqual(
      await wh.rows("select table_type from information_schema.tables where table_schema = 'main_dbt_test__audit' and table_name = 'failures_view'"),
      [{ table_type: 'VIEW' }],
    );
    const fromFlag = await materializeNode(makeContext(wh.adapter, testNode('flagged', nullEmails), { storeFailuresDefault: true }));
    assert.equal(fromFlag.relation?.type, 'table');
    const optedOut = await materializeNode(makeContext(wh.adapter, testNode('opted_out', nullEmails, { store_failures: false }), { storeFailuresDefault: true }));
    assert.equal(optedOut.relation, undefined);
    const ephemeral = await materializeNode(makeContext(wh.adapter, testNode('eph', nullEmails, { store_failures_as: 'ephemeral', store_failures: true })));
    assert.equal(ephemeral.relation, undefined);
  });

  it('lets a set store_failures_as override store_failures: false, and rejects an unknown store_failures_as when failures are stored, as dbt does', async () => {
    const overridden = await materializeNode(makeContext(wh.adapter, testNode('kept_as_table', nullEmails, { store_failures_as: 'table', store_failures: false })));
    assert.equal(overridden.relation?.type, 'table');
    const asView = await materializeNode(makeContext(wh.adapter, testNode('kept_as_view', nullEmails, { store_failures_as: 'view', store_failures: false })));
    assert.equal(asView.relation?.type, 'view');
    // An unknown value decides nothing: without store_failures or --store-failures the test just runs.
    const unstored = await materializeNode(makeContext(wh.adapter, testNode('not_stored_oddly', nullEmails, { store_failures_as: 'Table' })));
    assert.equal(unstored.status, 'fail');
    assert.equal(unstored.relation, undefined);
    await assert.rejects(
      materializeNode(makeContext(wh.adapter, testNode('stored_oddly', nullEmails, { store_failures_as: 'parquet' }), { storeFailuresDefault: true })),
      (error: unknown) => isReelhouseError(error) && error.diagnostic.code === 'compiler-error' && /'parquet' is not a valid value for `store_failures_as`\. Accepted values are: \['ephemeral', 'table', 'view'\]/u.test(error.message),
    );
  });

  it('puts stored failures in <target schema>_dbt_test__audit when the node has no custom schema', async () => {
    const node = testNode('plain_schema', nullEmails, { store_failures: true });
    node.schema = 'main';
    const result = await materializeNode(makeContext(wh.adapter, node));
    assert.equal(result.relation?.schema, 'main_dbt_test__audit');
  });

  it('returns the database error for a broken test query', async () => {
    const result = await materializeNode(makeContext(wh.adapter, testNode('broken', 'select * from nowhere_table')));
    assert.equal(result.status, 'error');
    assert.match(result.message, /nowhere_table/);
    assert.equal(result.failures, null);
  });
});
