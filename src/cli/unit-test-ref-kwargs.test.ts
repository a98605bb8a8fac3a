// End to end: with the support_custom_ref_kwargs flag a unit test's given input may pass the
// extra keyword arguments a project's ref() override reads; without it such an input is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const project = (flag: boolean): string => `name: orchard\nprofile: orchard\n${flag ? 'flags:\n  support_custom_ref_kwargs: true\n' : ''}`;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-refkw-'));
  writeProjectFile(dir, 'profiles.yml', 'orchard:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: orchard.duckdb\n');
  writeProjectFile(dir, 'macros/ref.sql', "{% macro ref(name) %}{% set tier = kwargs.get('tier') %}{% do return(builtins.ref(name)) %}{% endmacro %}\n");
  writeProjectFile(dir, 'models/apples.sql', "select 1 as id, 'gala' as kind\n");
  writeProjectFile(dir, 'models/baskets.sql', "select id, kind from {{ ref('apples', tier='raw') }}\n");
  writeProjectFile(dir, 'models/units.yml', `unit_tests:
  - name: baskets_keep_kind
    model: baskets
    given:
      - input: ref('apples', tier='raw')
        rows:
          - {id: 7, kind: fuji}
    expect:
      rows:
        - {id: 7, kind: fuji}
`);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a given input with custom ref kwargs passes with the flag and is refused without it', async () => {
  writeProjectFile(dir, 'dbt_project.yml', project(true));
  const withFlag = await runCli(['build', '--project-dir', dir]);
  assert.equal(withFlag.code, 0, withFlag.out + withFlag.err);
  writeProjectFile(dir, 'dbt_project.yml', project(false));
  const without = await runCli(['test', '--project-dir', dir, '--select', 'test_type:unit']);
  assert.equal(without.code, 1);
  assert.match(without.out + without.err, /Unit test given inputs must be either a 'ref', 'source' or 'this' call/);
});
