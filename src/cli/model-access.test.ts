// End to end: model access and groups, judged while parsing as dbt does: private models are
// for their group, and a package with `restrict-access: true` keeps its protected models to itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

test('parse refuses a ref to a private model from another group, and accepts it from the same group', async () => {
  const dir = await newProject('orchard');
  try {
    writeProjectFile(dir, 'models/harvests.sql', 'select 3 as crates\n');
    writeProjectFile(dir, 'models/market_stall.sql', "select crates from {{ ref('harvests') }}\n");
    const props = (stallGroup: string) =>
      `groups:\n  - name: growers\n    owner: {name: Ida}\n  - name: sellers\n    owner: {name: Bo}\nmodels:\n  - name: harvests\n    access: private\n    group: growers\n  - name: market_stall\n    group: ${stallGroup}\n`;
    writeProjectFile(dir, 'models/props.yml', props('sellers'));
    const refused = await runCli(['parse', '--project-dir', dir]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /model\.orchard\.market_stall attempted to reference node model\.orchard\.harvests, which is not allowed because the referenced node is private to the 'growers' group/);

    writeProjectFile(dir, 'models/props.yml', props('growers'));
    const accepted = await runCli(['parse', '--project-dir', dir]);
    assert.equal(accepted.code, 0, accepted.err);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('restrict-access in a package keeps its protected models from the root project', async () => {
  const dir = await newProject('orchard');
  try {
    writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: vendor/weather\n');
    writeProjectFile(dir, 'vendor/weather/models/rainfall.sql', 'select 12 as mm\n');
    writeProjectFile(dir, 'models/irrigation.sql', "select mm from {{ ref('weather', 'rainfall') }}\n");
    const pkgProject = (restrict: boolean) => `name: weather\nversion: '1.0.0'\nconfig-version: 2\n${restrict ? 'restrict-access: true\n' : ''}`;

    writeProjectFile(dir, 'vendor/weather/dbt_project.yml', pkgProject(false));
    assert.equal((await runCli(['deps', '--project-dir', dir])).code, 0);
    const open = await runCli(['parse', '--project-dir', dir]);
    assert.equal(open.code, 0, open.err);

    writeProjectFile(dir, 'vendor/weather/dbt_project.yml', pkgProject(true));
    assert.equal((await runCli(['deps', '--project-dir', dir])).code, 0);
    const restricted = await runCli(['parse', '--project-dir', dir]);
    assert.notEqual(restricted.code, 0);
    assert.match(restricted.err, /referenced node is protected to the 'weather' package/);

    writeProjectFile(dir, 'vendor/weather/models/props.yml', 'models:\n  - name: rainfall\n    access: public\n');
    assert.equal((await runCli(['deps', '--project-dir', dir])).code, 0);
    const published = await runCli(['parse', '--project-dir', dir]);
    assert.equal(published.code, 0, published.err);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a ref to a deprecated model warns on parse, and --warn-error-options can make DeprecatedReference an error', async () => {
  const dir = await newProject('orchard');
  try {
    writeProjectFile(dir, 'models/old_crates.sql', 'select 1 as crate_id\n');
    writeProjectFile(dir, 'models/crate_report.sql', "select crate_id from {{ ref('old_crates') }}\n");
    writeProjectFile(dir, 'models/props.yml', 'models:\n  - name: old_crates\n    deprecation_date: 2001-02-03\n');
    const warned = await runCli(['parse', '--project-dir', dir]);
    assert.equal(warned.code, 0, warned.err);
    assert.match(warned.out + warned.err, /While compiling 'crate_report': Found a reference to old_crates, which was deprecated on '2001-02-03T00:00:00\+00:00'/);
    assert.match(warned.out + warned.err, /Model old_crates has passed its deprecation date/);

    const strict = await runCli(['parse', '--warn-error-options', '{"include": ["DeprecatedReference"]}', '--project-dir', dir]);
    assert.notEqual(strict.code, 0);
    assert.match(strict.err, /DeprecatedReference is a warning raised as an error/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('group from dbt_project.yml and access from config() reach the node, for selection and for ref checks', async () => {
  const dir = await newProject('orchard', 'models:\n  orchard:\n    packing:\n      +group: packers\n');
  try {
    writeProjectFile(dir, 'models/groups.yml', 'groups:\n  - name: packers\n    owner: {name: Lu}\n');
    writeProjectFile(dir, 'models/packing/boxes.sql', "{{ config(access='private') }}\nselect 1 as box_id\n");
    writeProjectFile(dir, 'models/packing/pallets.sql', "select box_id from {{ ref('boxes') }}\n");
    const listed = await runCli(['ls', '-q', '--project-dir', dir, '-s', 'access:private']);
    assert.equal(listed.code, 0, listed.err);
    assert.deepEqual(listed.out.split('\n').filter(Boolean), ['orchard.packing.boxes']);
    const grouped = await runCli(['ls', '-q', '--project-dir', dir, '-s', 'group:packers']);
    assert.deepEqual(grouped.out.split('\n').filter(Boolean), ['orchard.packing.boxes', 'orchard.packing.pallets']);

    writeProjectFile(dir, 'models/shipping.sql', "select box_id from {{ ref('boxes') }}\n");
    const refused = await runCli(['parse', '--project-dir', dir]);
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /model\.orchard\.shipping attempted to reference node model\.orchard\.boxes, which is not allowed because the referenced node is private to the 'packers' group/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
