// End to end: a group must have an owner that names someone (a name or an email), as dbt
// validates a group's properties while parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

test('a group without an owner, or with an owner naming nobody, is a parse error', async (t) => {
  const dir = await newProject('kitchens');
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'models/menus.sql', 'select 1 as dish_id\n');
  const parse = () => runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);

  writeProjectFile(dir, 'models/groups.yml', 'groups:\n  - name: chefs\n');
  const ownerless = await parse();
  assert.equal(ownerless.code, 2, ownerless.out + ownerless.err);
  assert.match(ownerless.err, /group 'chefs': 'owner' is a required property/);

  writeProjectFile(dir, 'models/groups.yml', "groups:\n  - name: chefs\n    owner: {slack: '#chefs'}\n");
  const nameless = await parse();
  assert.equal(nameless.code, 2, nameless.out + nameless.err);
  assert.match(nameless.err, /Group owner must have at least one of 'name' or 'email'\./);

  writeProjectFile(dir, 'models/groups.yml', 'groups:\n  - name: chefs\n    owner: {email: chefs@example.com}\n');
  const named = await parse();
  assert.equal(named.code, 0, named.out + named.err);
});
