import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeFiles, writeProject } from './test-project.js';

const project = 'name: shop\nprofile: shop\n';

test('profiles.yml is rendered with env_var, and --target picks the output', async () => {
  const p = await writeProject({
    'dbt_project.yml': project,
    'profiles.yml': `shop:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{{ env_var('SHOP_DB', 'warehouse/dev.duckdb') }}"
      threads: "{{ env_var('SHOP_THREADS') | int }}"
      settings: {memory_limit: 1GB}
      extensions: [parquet, {name: json}]
      custom_key: kept
    prod:
      type: duckdb
      path: ":memory:"
      schema: analytics
`,
  });
  try {
    const dev = await loadProject({ projectDir: p.dir, env: { ...CLEAN_ENV, SHOP_THREADS: '3' } });
    assert.equal(dev.target.name, 'dev');
    assert.equal(dev.target.path, join(p.dir, 'warehouse/dev.duckdb'));
    assert.equal(dev.target.database, 'dev');
    assert.equal(dev.target.schema, 'main');
    assert.equal(dev.target.threads, 3);
    assert.deepEqual(dev.target.settings, { memory_limit: '1GB' });
    assert.deepEqual(dev.target.extensions, ['parquet', 'json']);
    assert.equal(dev.target.custom_key, 'kept');
    const prod = await loadProject({ projectDir: p.dir, env: { ...CLEAN_ENV, SHOP_THREADS: '3' }, target: 'prod' });
    assert.equal(prod.target.path, ':memory:');
    assert.equal(prod.target.database, 'memory');
    assert.equal(prod.target.schema, 'analytics');
    await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), (e: Error & { diagnostic?: { code: string; location?: { file: string; line?: number } } }) => {
      assert.match(e.message, /SHOP_THREADS/);
      assert.equal(e.diagnostic?.location?.file, join(p.dir, 'profiles.yml'));
      assert.equal(e.diagnostic?.location?.line, 7);
      return true;
    });
    await assert.rejects(loadProject({ projectDir: p.dir, env: { ...CLEAN_ENV, SHOP_THREADS: '1' }, target: 'qa' }), /does not have a target named 'qa'.*dev, prod/);
  } finally {
    await p.cleanup();
  }
});

test('profiles are found through --profiles-dir and DBT_PROFILES_DIR; other adapters are refused', async () => {
  const p = await writeProject({
    'dbt_project.yml': project,
    'conf/profiles.yml': 'shop:\n  target: x\n  outputs:\n    x: {type: duckdb, path: /data/x.duckdb, schema: s1}\n',
    'env/profiles.yml': 'shop:\n  target: y\n  outputs:\n    y:\n      type: postgres\n      host: localhost\n',
  });
  try {
    const viaFlag = await loadProject({ projectDir: p.dir, profilesDir: join(p.dir, 'conf'), env: CLEAN_ENV });
    assert.equal(viaFlag.target.path, '/data/x.duckdb');
    assert.equal(viaFlag.target.schema, 's1');
    await assert.rejects(loadProject({ projectDir: p.dir, env: { ...CLEAN_ENV, DBT_PROFILES_DIR: join(p.dir, 'env') } }), (e: Error & { diagnostic?: { code: string; location?: { line?: number } } }) => {
      assert.equal(e.diagnostic?.code, 'adapter-unsupported');
      assert.match(e.message, /'postgres'/);
      assert.equal(e.diagnostic?.location?.line, 4);
      return true;
    });
    await writeFiles(p.dir, { 'profiles.yml': 'other:\n  outputs: {}\n' });
    const fallback = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.equal(fallback.target.path, join(p.dir, 'shop.duckdb'));
    assert.ok(fallback.diagnostics.some((d) => d.code === 'profile-default' && /Profile 'shop' not found/.test(d.message)));
  } finally {
    await p.cleanup();
  }
});

test('only target: and the chosen output are rendered, so another output may need env vars that are not set', async () => {
  const p = await writeProject({
    'dbt_project.yml': project,
    'profiles.yml': `shop:
  target: "{{ env_var('SHOP_TARGET', 'dev') }}"
  outputs:
    dev:
      type: duckdb
      path: dev.duckdb
    cloud:
      type: duckdb
      path: "md:shop?motherduck_token={{ env_var('CLOUD_TOKEN') }}"
`,
  });
  try {
    const dev = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.equal(dev.target.name, 'dev');
    assert.equal(dev.target.path, join(p.dir, 'dev.duckdb'));
    await assert.rejects(loadProject({ projectDir: p.dir, env: { ...CLEAN_ENV, SHOP_TARGET: 'cloud' } }), /CLOUD_TOKEN/);
    const cloud = await loadProject({ projectDir: p.dir, env: { ...CLEAN_ENV, CLOUD_TOKEN: 't0k' }, target: 'cloud' });
    assert.equal(cloud.target.path, 'md:shop?motherduck_token=t0k');
  } finally {
    await p.cleanup();
  }
});
