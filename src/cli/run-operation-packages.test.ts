// End to end: run-operation finds a macro that only an installed package defines, as dbt does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';
import { qualifiedMacroName } from './commands/run-operation.js';

let base = '';
let dir = '';

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'reelhouse-runop-'));
  dir = join(base, 'shop');
  writeProjectFile(dir, 'dbt_project.yml', 'name: shop\nprofile: shop\n');
  writeProjectFile(dir, 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: shop.duckdb\n');
  writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: ../helpers\n  - local: ../extras\n');
  writeProjectFile(dir, 'macros/greet.sql', "{% macro greet() %}{{ log('root greeting', info=True) }}{% endmacro %}\n");
  writeProjectFile(base, 'helpers/dbt_project.yml', 'name: helpers\n');
  writeProjectFile(base, 'helpers/macros/profile.sql', [
    "{% macro describe_table(table_name) %}{{ log('describing ' ~ table_name ~ ' with ' ~ (run_query('select 41 + 1').columns[0].values()[0]), info=True) }}{% endmacro %}",
    "{% macro greet() %}{{ log('helpers greeting', info=True) }}{% endmacro %}",
    "{% macro shared() %}{{ log('helpers shared', info=True) }}{% endmacro %}",
    "{% macro wave() %}{{ log('helpers wave from ' ~ helper_name(), info=True) }}{% endmacro %}",
    "{% macro helper_name() %}{{ return('the helpers') }}{% endmacro %}",
    "{% macro needs_list(names) %}{% if names is string %}{{ exceptions.raise_compiler_error('names must be a list') }}{% endif %}{{ print(names | join(',')) }}{% endmacro %}",
  ].join('\n'));
  writeProjectFile(base, 'extras/dbt_project.yml', 'name: extras\n');
  writeProjectFile(base, 'extras/macros/shared.sql', "{% macro shared() %}{{ log('extras shared', info=True) }}{% endmacro %}\n");
  const deps = await runCli(['deps', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(deps.code, 0, deps.err);
});
after(async () => {
  await rm(base, { recursive: true, force: true });
});

const runOperation = (...args: string[]) => runCli(['run-operation', ...args, '--project-dir', dir, '--profiles-dir', dir]);

test('an unqualified macro only a package defines runs from that package', async () => {
  const run = await runOperation('describe_table', '--args', '{table_name: orders}');
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /describing orders with 42/);
});

test('the root project wins over packages, a package name picks one, and a name two packages share is refused', async () => {
  const root = await runOperation('greet');
  assert.equal(root.code, 0, root.err);
  assert.match(root.out, /root greeting/);
  const picked = await runOperation('extras.shared');
  assert.equal(picked.code, 0, picked.err);
  assert.match(picked.out, /extras shared/);
  const both = await runOperation('shared');
  assert.equal(both.code, 2);
  assert.match(`${both.out}\n${both.err}`, /defined in several packages: extras, helpers/);
});

test("run-operation package.macro sees the package's other macros unqualified (dbt's search package); unqualified it does not", async () => {
  const qualified = await runOperation('helpers.wave');
  assert.equal(qualified.code, 0, `${qualified.out}\n${qualified.err}`);
  assert.match(qualified.out, /helpers wave from the helpers/);
  // Without the package name the search package is the root project, where helper_name is unknown.
  const bare = await runOperation('wave');
  assert.equal(bare.code, 1, `${bare.out}\n${bare.err}`);
  assert.match(`${bare.out}\n${bare.err}`, /helper_name/);
});

test('qualifiedMacroName leaves dotted and root or built-in names alone', () => {
  const ids = ['macro.shop.a', 'macro.dbt.b', 'macro.pkg.b', 'macro.pkg.c'];
  assert.equal(qualifiedMacroName('x.c', ids, 'shop'), 'x.c');
  assert.equal(qualifiedMacroName('a', ids, 'shop'), 'a');
  assert.equal(qualifiedMacroName('b', ids, 'shop'), 'b');
  assert.equal(qualifiedMacroName('c', ids, 'shop'), 'pkg.c');
  assert.equal(qualifiedMacroName('missing', ids, 'shop'), 'missing');
});

test('a macro that raises fails the operation with exit code 1 and its message, as dbt does; a missing macro exits 2', async () => {
  const ok = await runOperation('needs_list', '--args', '{names: [a, b]}');
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /^a,b$/m);
  const raised = await runOperation('needs_list', '--args', '{names: a}');
  assert.equal(raised.code, 1, `${raised.out}\n${raised.err}`);
  assert.match(raised.err, /names must be a list/);
  const missing = await runOperation('no_such_operation');
  assert.equal(missing.code, 2);
});
