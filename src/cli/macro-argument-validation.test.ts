// End to end: dbt 1.10's validate_macro_args flag. Off (the default), a macro's arguments in
// manifest.json are only those its properties document. On, an undocumented macro lists its
// signature's parameters, and documented ones are checked against the signature: a name out of
// place, a different count and a type dbt cannot read each warn as InvalidMacroAnnotation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
type Macros = { macros: Record<string, { arguments: { name: string; type: string | null; description: string }[] }> };
const parse = (...args: string[]) => runCli(['parse', '--project-dir', dir, '--profiles-dir', dir, ...args]);
const project = (flags: string) => writeProjectFile(dir, 'dbt_project.yml', `name: looms\nversion: '1.0.0'\nprofile: looms\n${flags}`);

before(async () => {
  dir = await newProject('looms');
  writeProjectFile(dir, 'macros/weave.sql', [
    '{% macro weave(warp, weft={"a": [1, 2]}, pattern="twill, plain") %}{{ warp }}{% endmacro %}',
    '{% macro spin(fibre, twist=2) %}{{ fibre }}{% endmacro %}',
    '{% test tight(model, column_name, tension=3) %}select 1 where false{% endtest %}',
    '',
  ].join('\n'));
  writeProjectFile(dir, 'macros/weave.yml', [
    'macros:',
    '  - name: spin',
    '    arguments:',
    '      - name: yarn',
    '        type: String',
    '      - name: twist',
    '        type: list[int]',
    '      - name: ply',
    '        type: dict[str, optional[any]]',
    '',
  ].join('\n'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('without the flag, only documented arguments are listed and nothing is checked', async () => {
  project('');
  const run = await parse();
  assert.equal(run.code, 0, run.out + run.err);
  assert.doesNotMatch(run.err, /jinja definition|invalid type/u);
  const { macros } = readArtifact<Macros>(dir, 'manifest.json');
  assert.deepEqual(macros['macro.looms.weave']!.arguments, []);
  assert.deepEqual(macros['macro.looms.spin']!.arguments.map((a) => a.name), ['yarn', 'twist', 'ply']);
});

test('with validate_macro_args, undocumented macros and tests list their signature, defaults with commas included', async () => {
  project('flags:\n  validate_macro_args: true\n');
  const run = await parse();
  assert.equal(run.code, 0, run.out + run.err);
  const { macros } = readArtifact<Macros>(dir, 'manifest.json');
  assert.deepEqual(macros['macro.looms.weave']!.arguments, [
    { name: 'warp', type: null, description: '' },
    { name: 'weft', type: null, description: '' },
    { name: 'pattern', type: null, description: '' },
  ]);
  assert.deepEqual(macros['macro.looms.test_tight']!.arguments.map((a) => a.name), ['model', 'column_name', 'tension']);
  // Documented arguments still replace the signature's.
  assert.deepEqual(macros['macro.looms.spin']!.arguments.map((a) => a.name), ['yarn', 'twist', 'ply']);
});

test('with validate_macro_args, documented arguments that differ from the signature warn as dbt words it', async () => {
  project('flags:\n  validate_macro_args: true\n');
  const run = await parse();
  assert.match(run.err, /Argument yarn in yaml for macro spin does not match the jinja definition\./u);
  assert.match(run.err, /The number of arguments in the yaml for macro spin does not match the jinja definition\./u);
  assert.match(run.err, /Argument yarn in the yaml for macro spin has an invalid type\./u);
  // list[int] and dict[str, optional[any]] are types dbt reads; twist sits where the signature has it.
  assert.doesNotMatch(run.err, /Argument (twist|ply) in (the )?yaml/u);
  const strict = await parse('--warn-error-options', '{"error": ["InvalidMacroAnnotation"]}');
  assert.equal(strict.code, 2, strict.out + strict.err);
  assert.match(strict.err, /InvalidMacroAnnotation is a warning raised as an error/u);
});
