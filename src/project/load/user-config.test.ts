import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../../core/diagnostic.js';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';
import { PROJECT_FLAGS_MOVED } from './user-config.js';

const PROFILE = 'config:\n  fail_fast: true\n  send_anonymous_usage_stats: false\nfestival:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: festival.duckdb\n';

test("profiles.yml's config: block becomes the project's flags, with dbt's deprecation warning", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: festival\nprofile: festival\n',
    'profiles.yml': PROFILE,
    'models/screenings.sql': 'select 1 as screening_id\n',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, profilesDir: p.dir, env: CLEAN_ENV });
    assert.deepEqual(loaded.project.flags, { fail_fast: true, send_anonymous_usage_stats: false });
    const moved = loaded.diagnostics.filter((d) => d.code === 'project-flags-moved');
    assert.equal(moved.length, 1);
    assert.equal(moved[0]!.severity, 'warning');
    assert.equal(moved[0]!.message, PROJECT_FLAGS_MOVED);
    assert.equal(moved[0]!.location?.line, 1);
  } finally {
    await p.cleanup();
  }
});

test("flags: in dbt_project.yml together with profiles.yml's config: is an error, as in dbt", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: festival\nprofile: festival\nflags:\n  fail_fast: false\n',
    'profiles.yml': PROFILE,
  });
  try {
    await assert.rejects(loadProject({ projectDir: p.dir, profilesDir: p.dir, env: CLEAN_ENV }), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'project-flags-conflict');
      assert.match(error.diagnostic.message, /Do not specify both 'config' in profiles.yml and 'flags' in dbt_project.yml/);
      return true;
    });
  } finally {
    await p.cleanup();
  }
});

test('an empty config: block and a project without one change nothing', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: festival\nprofile: festival\nflags:\n  fail_fast: true\n',
    'profiles.yml': PROFILE.replace(/^config:\n(  .*\n)+/, 'config: {}\n'),
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, profilesDir: p.dir, env: CLEAN_ENV });
    assert.deepEqual(loaded.project.flags, { fail_fast: true });
    assert.equal(loaded.diagnostics.some((d) => d.code === 'project-flags-moved'), false);
  } finally {
    await p.cleanup();
  }
});
