import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeFiles, writeProject } from './test-project.js';

const project = 'name: vault\nprofile: vault\n';
const profile = (output: string) => `vault:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: vault.duckdb\n${output}`;

type Failure = Error & { diagnostic?: { code: string; location?: { file: string; line?: number } } };

test('secrets: become dbt-duckdb\'s secrets, unnamed ones named _dbt_secret_<n>, rendered with env_var and kept out of target', async () => {
  const p = await writeProject({
    'dbt_project.yml': project,
    'profiles.yml': profile(`      secrets:
        - type: s3
          provider: config
          key_id: "{{ env_var('VAULT_KEY_ID') }}"
          secret: "{{ env_var('VAULT_SECRET') }}"
          region: eu-west-1
          use_ssl: false
          scope: s3://bucket-one
        - type: http
          name: feed_token
          persistent: "{{ 'true' }}"
          bearer_token: tok
          extra_http_headers: {X-Team: ledgers}
          empty: null
`),
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: { ...CLEAN_ENV, VAULT_KEY_ID: 'AKIAVAULT', VAULT_SECRET: 'hush-hush' } });
    assert.deepEqual(loaded.target.secrets, [
      { name: '_dbt_secret_1', type: 's3', persistent: false, provider: 'config', scope: ['s3://bucket-one'], params: { key_id: 'AKIAVAULT', secret: 'hush-hush', region: 'eu-west-1', use_ssl: false } },
      { name: 'feed_token', type: 'http', persistent: true, scope: [], params: { bearer_token: 'tok', extra_http_headers: { 'X-Team': 'ledgers' } } },
    ]);
    // Secret values are read by name only: not in the target a template or an artifact sees.
    assert.ok(!Object.keys(loaded.target).includes('secrets'));
    assert.doesNotMatch(JSON.stringify(loaded.target), /hush-hush|AKIAVAULT/);
  } finally {
    await p.cleanup();
  }
});

test('keys only dbt-duckdb\'s Python side honours load with a warning naming each that changes results', async () => {
  const p = await writeProject({
    'dbt_project.yml': project,
    'profiles.yml': profile(`      plugins:
        - module: gsheet
          config: {method: oauth}
        - module: sqlalchemy
          alias: sql
      filesystems:
        - fs: s3
          anon: false
      module_paths: [lib]
      use_credential_provider: aws
      disable_transactions: true
      keep_open: false
      retries: {connect_attempts: 3, retryable_exceptions: [IOException]}
      external_root: exports
      config_options: {allow_unsigned_extensions: true}
      extensions: [json, {name: parquet, repo: core}]
      my_team_note: kept
`),
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const warnings = loaded.diagnostics.filter((d) => d.code === 'profile-python-only');
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!.message, /^plugins: \(gsheet, sql\) are dbt-duckdb Python plugins/);
    assert.equal(warnings[0]!.location?.line, 7);
    assert.match(warnings[1]!.message, /^filesystems: \(s3\) registers fsspec file systems/);
    assert.equal(warnings[1]!.location?.line, 12);
    // dbt-duckdb keeps use_credential_provider: aws as an S3 secret on the credential chain.
    assert.deepEqual(loaded.target.secrets, [{ name: '_dbt_secret_1', type: 's3', persistent: false, provider: 'credential_chain', scope: [], params: {}, origin: 'use_credential_provider: aws' }]);
    assert.deepEqual(loaded.target.configOptions, { allow_unsigned_extensions: true });
    assert.deepEqual(loaded.target.extensions, ['json', 'parquet']);
    assert.equal(loaded.target.external_root, 'exports');
    assert.equal(loaded.target.my_team_note, 'kept');
  } finally {
    await p.cleanup();
  }
});

test('a dbt-duckdb key of the wrong shape fails as dbt\'s credentials check does, at its line', async () => {
  const cases: [string, RegExp, number][] = [
    ['      secrets: {type: s3}\n', /secrets must be a list of mappings/, 7],
    ['      secrets:\n        - key_id: x\n', /secret 1 needs a type:/, 8],
    ['      secrets:\n        - type: s3\n          key id: x\n', /secret 1 has parameter 'key id'/, 9],
    ['      disable_transactions: "yes"\n', /disable_transactions must be true or false/, 7],
    ['      use_credential_provider: gcp\n', /Unsupported value for use_credential_provider: gcp/, 7],
    ['      config_options: [a]\n', /config_options must be a mapping/, 7],
    ['      plugins: [{config: {}}]\n', /each plugins entry needs module:/, 7],
    ['      retries: {connect_attempts: many}\n', /retries.connect_attempts must be a whole number/, 7],
  ];
  for (const [output, message, line] of cases) {
    const p = await writeProject({ 'dbt_project.yml': project, 'profiles.yml': profile(output) });
    try {
      await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), (e: Failure) => {
        assert.equal(e.diagnostic?.code, 'profile-invalid', output);
        assert.match(e.message, /^Credentials in profile "vault", target "dev" invalid: /, output);
        assert.match(e.message, message, output);
        assert.equal(e.diagnostic?.location?.file, join(p.dir, 'profiles.yml'));
        assert.equal(e.diagnostic?.location?.line, line, output);
        return true;
      });
    } finally {
      await p.cleanup();
    }
  }
});

test('an extension given as a mapping needs a name:, as dbt-duckdb\'s Extension has it', async () => {
  const p = await writeProject({ 'dbt_project.yml': project, 'profiles.yml': profile('      extensions:\n        - {repo: core}\n') });
  try {
    await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), (e: Failure) => {
      assert.equal(e.diagnostic?.code, 'profile-invalid');
      assert.match(e.message, /^Failed to parse extension: \{"repo":"core"\}/);
      assert.equal(e.diagnostic?.location?.line, 7);
      return true;
    });
  } finally {
    await p.cleanup();
  }
});

test('database: must be the path\'s file name, as dbt-duckdb requires; MotherDuck paths name theirs', async () => {
  const p = await writeProject({ 'dbt_project.yml': project, 'profiles.yml': profile('      database: warehouse\n') });
  try {
    await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), (e: Failure) => {
      assert.match(e.message, /the 'database' property must be set to 'vault' to match the 'path'/);
      assert.equal(e.diagnostic?.location?.line, 7);
      return true;
    });
    await writeFiles(p.dir, { 'profiles.yml': profile('      database: vault\n') });
    assert.equal((await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).target.database, 'vault');
    await writeFiles(p.dir, { 'profiles.yml': 'vault:\n  target: md\n  outputs:\n    md: {type: duckdb, path: "md:"}\n' });
    assert.equal((await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).target.database, 'my_db');
  } finally {
    await p.cleanup();
  }
});
