import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isReelhouseError } from '../../core/diagnostic.js';
import { installPackages } from './index.js';
import { writeProject } from './test-project.js';

const files = {
  'harbor/dbt_project.yml': 'name: harbor\n',
  'lighthouse/dbt_project.yml': 'name: lighthouse_pkg\n',
  'lighthouse/models/beacon.sql': 'select 1 as lamp',
};

test('packages.yml entries render var() from the command and fail without it', async () => {
  const p = await writeProject({ ...files, 'harbor/packages.yml': "packages:\n  - local: \"{{ var('lamp_dir') }}\"\n" });
  try {
    const harbor = join(p.dir, 'harbor');
    await assert.rejects(installPackages(harbor, { env: {} }), /Required var 'lamp_dir' not found/);
    const result = await installPackages(harbor, { env: {}, vars: { lamp_dir: '../lighthouse' } });
    assert.deepEqual(result.installed.map((x) => x.name), ['lighthouse_pkg']);
  } finally {
    await p.cleanup();
  }
});

test('a secret env var in packages.yml installs but never reaches the log, an error or package-lock.yml', async () => {
  const p = await writeProject({
    ...files,
    'harbor/packages.yml': "packages:\n  - local: \"{{ env_var('DBT_ENV_SECRET_LAMP') }}\"\n",
  });
  try {
    const harbor = join(p.dir, 'harbor');
    const logged: string[] = [];
    const env = { DBT_ENV_SECRET_LAMP: join(p.dir, 'lighthouse') };
    const result = await installPackages(harbor, { env, log: (m) => logged.push(m) });
    assert.deepEqual(result.installed.map((x) => x.name), ['lighthouse_pkg']);
    assert.ok(logged.length > 0 && logged.every((m) => !m.includes('lighthouse')), logged.join('\n'));
    const lock = await readFile(join(harbor, 'package-lock.yml'), 'utf8');
    assert.ok(!lock.includes(join(p.dir, 'lighthouse')), lock);
    assert.match(lock, /DBT_ENV_SECRET_LAMP/);

    // A secret the template mangles stays a mangled marker: its value is never substituted.
    const bad = { DBT_ENV_SECRET_LAMP: 'tok3n' };
    await writeFile(join(harbor, 'packages.yml'), "packages:\n  - local: \"{{ env_var('DBT_ENV_SECRET_LAMP') | join('-') }}\"\n");
    const error = await installPackages(harbor, { env: bad }).then(() => undefined, (e: unknown) => e);
    assert.ok(isReelhouseError(error));
    assert.ok(!error.diagnostic.message.includes('t-o-k-3-n') && error.diagnostic.message.includes('L-A-M-P'), error.diagnostic.message);
  } finally {
    await p.cleanup();
  }
});


test('packages.yml entries may test builtins and dbt_version as dbt documents', async () => {
  const p = await writeProject({ ...files, 'harbor/packages.yml': "packages:\n  - local: \"{% if builtins is defined and dbt_version %}../lighthouse{% else %}../nowhere{% endif %}\"\n" });
  try {
    const result = await installPackages(join(p.dir, 'harbor'), { env: {} });
    assert.deepEqual(result.installed.map((x) => x.name), ['lighthouse_pkg']);
  } finally {
    await p.cleanup();
  }
});
