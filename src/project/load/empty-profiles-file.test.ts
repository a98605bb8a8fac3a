import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject, type LoadError } from './test-project.js';

// dbt's read_profile refuses a profiles.yml whose YAML holds nothing ("The profiles.yml file at
// <path> is empty"), wherever it was found, instead of looking for the profile in it.
for (const [what, text] of [['an empty file', ''], ['only comments', '# to be filled in\n'], ['an empty mapping', '{}\n']] as const) {
  test(`a profiles.yml with ${what} is an error naming the file, found in the project folder or through --profiles-dir`, async () => {
    const p = await writeProject({ 'dbt_project.yml': 'name: shop\nprofile: shop\n', 'profiles.yml': text });
    try {
      for (const profilesDir of [undefined, p.dir]) {
        await assert.rejects(loadProject({ projectDir: p.dir, profilesDir, env: CLEAN_ENV }), (e: LoadError) => {
          assert.equal(e.diagnostic?.code, 'profile-invalid');
          assert.match(e.message, new RegExp(`The profiles.yml file at ${join(p.dir, 'profiles.yml').replace(/[.\\/]/g, '\\$&')} is empty`));
          assert.equal(e.diagnostic?.location?.file, join(p.dir, 'profiles.yml'));
          return true;
        });
      }
    } finally {
      await p.cleanup();
    }
  });
}
