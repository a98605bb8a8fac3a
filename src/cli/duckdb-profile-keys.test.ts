// End to end: a DuckDB output's dbt-duckdb keys (secrets:, config_options:, plugins:...) as a
// build sees them: secrets exist (redacted) when models run, their values stay out of
// templates, artifacts and logs, and keys only Python can honour are warned about once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryDb, runCli, writeProjectFile } from './test-helpers.js';

describe('a DuckDB profile with dbt-duckdb keys', () => {
  let dir = '';
  const token = 'tok-7f3e-not-for-logs';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-profile-keys-'));
    process.env.LEDGER_FEED_TOKEN = token;
    process.env.LEDGER_SECRET_DIR = join(dir, 'stored_secrets');
    writeProjectFile(dir, 'dbt_project.yml', "name: ledger\nversion: '1.0.0'\nprofile: ledger\nmodels:\n  ledger:\n    +materialized: table\n");
    writeProjectFile(dir, 'profiles.yml', `ledger:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: ledger.duckdb
      config_options:
        secret_directory: "{{ env_var('LEDGER_SECRET_DIR') }}"
      plugins:
        - module: excel
      secrets:
        - type: http
          bearer_token: "{{ env_var('LEDGER_FEED_TOKEN') }}"
          scope: [https://feeds.example/a, https://feeds.example/b]
        - type: http
          name: archive
          persistent: true
          bearer_token: archive-token
`);
    writeProjectFile(dir, 'models/secrets_seen.sql', 'select name, type, persistent, len(scope) as scopes, secret_string from duckdb_secrets() order by name\n');
    writeProjectFile(dir, 'models/target_view.sql', "select {{ 'true' if target.secrets is defined else 'false' }} as sees_secrets, '{{ target.config_options.secret_directory }}' as secret_dir\n");
  });
  after(async () => {
    delete process.env.LEDGER_FEED_TOKEN;
    delete process.env.LEDGER_SECRET_DIR;
    await rm(dir, { recursive: true, force: true });
  });

  test('secrets exist redacted while models run; their values reach no template, artifact or log', async () => {
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    const [seen, view] = await queryDb(join(dir, 'ledger.duckdb'),
      'select name, type, persistent, scopes, secret_string from main.secrets_seen',
      'select sees_secrets, secret_dir from main.target_view');
    assert.equal(seen.length, 2);
    assert.deepEqual(seen.map((r) => [r[0], r[1], r[2], Number(r[3])]), [['_dbt_secret_1', 'http', false, 2], ['archive', 'http', true, 0]]);
    for (const row of seen) assert.match(String(row[4]), /bearer_token=redacted/);
    assert.deepEqual(view, [[false, join(dir, 'stored_secrets')]]);
    // The persistent secret went where config_options said.
    assert.ok(readdirSync(join(dir, 'stored_secrets')).some((f) => f.startsWith('archive')));
    const everything = [run.out, run.err, ...['manifest.json', 'run_results.json'].map((f) => readFileSync(join(dir, 'target', f), 'utf8'))].join('\n');
    assert.ok(!everything.includes(token), 'the token is in the output or an artifact');
    // The Python-only key is said once, with what happens instead.
    const warnings = run.out.concat(run.err).split('\n').filter((l) => l.includes('dbt-duckdb Python plugins'));
    assert.equal(warnings.length, 1, run.out + run.err);
    assert.match(warnings[0]!, /profiles\.yml:9: plugins: \(excel\)/);
  });

  test('--warn-error leaves the Python-only key a warning, as dbt-duckdb\'s own warnings are', async () => {
    const run = await runCli(['run', '--project-dir', dir, '--warn-error', '--select', 'target_view']);
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out + run.err, /plugins: \(excel\) are dbt-duckdb Python plugins/);
  });
});

describe('a DuckDB profile listing an extension this machine does not have', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-profile-extensions-'));
    writeProjectFile(dir, 'dbt_project.yml', "name: exts\nversion: '1.0.0'\nprofile: exts\n");
    // As many dbt-duckdb projects do: httpfs listed though every model reads local data.
    writeProjectFile(dir, 'profiles.yml', 'exts:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: exts.duckdb\n      extensions: [json, no_such_extension_here]\n');
    writeProjectFile(dir, 'models/reads_json.sql', `select json_extract('{"a": 4}', '$.a')::int as a\n`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('builds with the extensions it has, and warns once naming the missing one', async () => {
    const run = await runCli(['build', '--project-dir', dir]);
    assert.equal(run.code, 0, run.out + run.err);
    assert.deepEqual(await queryDb(join(dir, 'exts.duckdb'), 'select a from main.reads_json'), [[[4]]]);
    const warnings = (run.out + run.err).split('\n').filter((l) => l.includes('no_such_extension_here'));
    assert.equal(warnings.length, 2, run.out + run.err);
    assert.match(warnings[0]!, /The DuckDB extension "no_such_extension_here" listed in the profile's extensions: is not available/);
    assert.match(warnings[1]!, /never downloads extensions: install no_such_extension_here beforehand/);
  });
});
