import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isReelhouseError } from '../../core/diagnostic.js';
import { openDuckDb, targetOpenOptions } from './open-duckdb.js';
import type { DuckDbSecret } from './protocol.js';
import { createSecretSql } from './secret-sql.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'reelhouse-secrets-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const feed: DuckDbSecret = {
  name: '_dbt_secret_1',
  type: 'http',
  persistent: false,
  scope: ['https://one.example', 'https://two.example'],
  params: { bearer_token: "it's-a-token", extra_http_headers: { 'X-Team': 'ledgers' } },
};

describe('profile secrets', () => {
  it('are written as dbt-duckdb writes CREATE SECRET: bare type and provider, quoted values, maps, one scope each', () => {
    assert.equal(
      createSecretSql({ name: '_dbt_secret_1', type: 's3', persistent: false, provider: 'config', scope: ['s3://a'], params: { key_id: 'AK', use_ssl: false, region: 'eu' } }),
      "CREATE OR REPLACE SECRET _dbt_secret_1 (\n    type s3,\n    provider config,\n    key_id 'AK',\n    use_ssl 'false',\n    region 'eu',\n    scope 's3://a'\n)",
    );
    assert.equal(
      createSecretSql({ name: null, type: 'gcs', persistent: true, scope: [], params: { paths: ['a', "b'c"] } }),
      "CREATE PERSISTENT SECRET (\n    type gcs,\n    paths array ['a', 'b''c']\n)",
    );
    assert.match(createSecretSql(feed), /extra_http_headers map \{'X-Team': 'ledgers'\}/);
  });

  it('are created when the database opens, shown redacted by duckdb_secrets(), persistent ones in the secret_directory config option', async () => {
    const secretDir = join(dir, 'stored');
    const path = join(dir, 'vault.duckdb');
    const db = await openDuckDb({
      ...targetOpenOptions({
        path,
        secrets: [feed, { name: 'kept', type: 'http', persistent: true, scope: [], params: { bearer_token: 'disk-token' } }],
        configOptions: { secret_directory: secretDir },
      }),
    });
    try {
      const { rows } = await db.execute('select name, type, persistent, scope, secret_string from duckdb_secrets() order by name');
      assert.equal(rows.length, 2);
      const [first, second] = rows as unknown[][];
      assert.deepEqual(first!.slice(0, 4), ['_dbt_secret_1', 'http', false, ['https://one.example', 'https://two.example']]);
      assert.match(String(first![4]), /bearer_token=redacted/);
      assert.doesNotMatch(String(first![4]), /it's-a-token/);
      assert.deepEqual(second!.slice(0, 3), ['kept', 'http', true]);
      // The secret on another connection too: secrets belong to the database, not one session.
      const other = await db.execute("select count(*) from duckdb_secrets() where name = 'kept'", { session: 'other' });
      assert.equal(Number(other.rows[0]![0]), 1);
    } finally {
      await db.close();
    }
    assert.ok(existsSync(secretDir) && readdirSync(secretDir).some((f) => f.startsWith('kept')), 'the persistent secret is stored in secret_directory');
    // A read-only open (docs serve, several readers) creates its secrets too.
    const reader = await openDuckDb({ path, readOnly: true, secrets: [feed] });
    try {
      assert.equal(Number((await reader.execute("select count(*) from duckdb_secrets() where name = '_dbt_secret_1'")).rows[0]![0]), 1);
    } finally {
      await reader.close();
    }
  });

  it('a secret DuckDB refuses fails the open, naming the entry, and leaves the file free', async () => {
    const path = join(dir, 'refused.duckdb');
    await assert.rejects(openDuckDb({ path, secrets: [{ name: 'bad_one', type: 'http', persistent: false, scope: [], params: { no_such_parameter: 'x' } }] }), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'secret-failed');
      assert.match(error.message, /^Could not create secret 1 \(bad_one\) of type http \(profiles.yml secrets:\): .*no_such_parameter/);
      return true;
    });
    // DuckDB quotes a value it cannot cast; the message never shows a secret's value.
    await assert.rejects(openDuckDb({ path, secrets: [{ name: null, type: 'http', persistent: false, scope: [], params: { verify_ssl: 'hush-value' } }] }), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.match(error.message, /^Could not create secret 1 of type http .*verify_ssl.*\*\*\*\*\*/);
      assert.doesNotMatch(error.message, /hush-value/);
      return true;
    });
    const db = await openDuckDb({ path });
    await db.close();
  });

  it('a secret whose type needs an extension that is not installed says which, without downloading it', async (t) => {
    const probe = await openDuckDb({ path: ':memory:' });
    const installed = (await probe.execute("select count(*) from duckdb_extensions() where extension_name = 'httpfs' and installed")).rows[0]![0];
    await probe.close();
    if (Number(installed) > 0) return t.skip('httpfs is installed on this machine');
    await assert.rejects(openDuckDb({ path: ':memory:', secrets: [{ name: 'lake', type: 's3', persistent: false, scope: [], params: { key_id: 'AKIAEXAMPLE' } }] }), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.message, 'Could not create secret 1 (lake) of type s3 (profiles.yml secrets:): the s3 secret type needs DuckDB\'s httpfs extension, which is not installed.');
      assert.match(error.diagnostic.hint ?? '', /never downloads extensions: install httpfs beforehand/);
      return true;
    });
  });

  it('a secret from use_credential_provider is named by that key when its extension is missing', async (t) => {
    const probe = await openDuckDb({ path: ':memory:' });
    const installed = (await probe.execute("select count(*) from duckdb_extensions() where extension_name in ('httpfs', 'aws') and installed")).rows[0]![0];
    await probe.close();
    if (Number(installed) > 0) return t.skip('httpfs or aws is installed on this machine');
    const chain: DuckDbSecret = { name: '_dbt_secret_1', type: 's3', persistent: false, provider: 'credential_chain', scope: [], params: {}, origin: 'use_credential_provider: aws' };
    await assert.rejects(openDuckDb({ path: ':memory:', secrets: [chain] }), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.match(error.message, /^Could not create secret 1 \(_dbt_secret_1\) of type s3 \(profiles\.yml use_credential_provider: aws\): /);
      assert.match(error.diagnostic.hint ?? '', /or remove use_credential_provider from profiles\.yml\.$/);
      return true;
    });
  });

  it('config_options DuckDB does not know fail the open as the profile\'s config_options', async () => {
    await assert.rejects(openDuckDb({ path: join(dir, 'options.duckdb'), config: { no_such_option_here: 1 } }), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'invalid-setting');
      assert.match(error.message, /config_options: .*no_such_option_here/);
      return true;
    });
  });
});

describe('profile target options', () => {
  it('carry secrets, config_options and retries (connect_attempts, query_attempts) to the open', () => {
    const options = targetOpenOptions({ path: 'x.duckdb', secrets: [feed], configOptions: { threads: 2 }, retries: { connect_attempts: 3 } });
    assert.deepEqual(options, { path: 'x.duckdb', secrets: [feed], config: { threads: 2 }, connectRetries: { attempts: 3, retryable: ['IOException'] } });
    assert.deepEqual(targetOpenOptions({ path: 'y.duckdb', retries: { connect_attempts: 1, retryable_exceptions: ['IOException'] } }), { path: 'y.duckdb' });
    assert.deepEqual(targetOpenOptions({ path: 'z.duckdb', retries: { query_attempts: 2, retryable_exceptions: ['IOException', 'HTTPException'] } }), {
      path: 'z.duckdb',
      queryRetries: { attempts: 2, retryable: ['IOException', 'HTTPException'] },
    });
  });
});
