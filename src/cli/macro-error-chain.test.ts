// End to end: an error raised inside macros reads as dbt words it, with the chain of macro calls
// ("> in macro ...", "> called by ...") and package paths, at parse, compile, run and run-operation;
// under the cause, the line it was raised at (which dbt's report leaves out).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { hasStackTrace, newProject, readArtifact, runCli, writeProjectFile, type CliRun } from './test-helpers.js';

let dir = '';

// `inner` holds the failure (a line each, picked by the `fail` var), `outer` calls it; the models call `outer`.
const MACROS = `{% macro inner(x) %}
  {%- if var('fail') == 'attribute' %}{{ x.nope() }}{% endif -%}
  {%- if var('fail') == 'missing' %}{{ no_such_macro(x) }}{% endif -%}
  {%- if var('fail') == 'raise' and execute %}{{ exceptions.raise_compiler_error('the kiln is too cold for ' ~ x) }}{% endif -%}
  {%- if var('fail') == 'type' %}{{ x + 'a' }}{% endif -%}
  {{ x }}
{% endmacro %}
{% macro outer(x) %}{{ inner(x) }}{% endmacro %}
{% materialization kiln, default %}
  {{ outer(none) }}
  {{ return({'relations': []}) }}
{% endmaterialization %}
`;

before(async () => {
  dir = await newProject('pottery');
  writeProjectFile(dir, 'macros/glaze.sql', MACROS);
  writeProjectFile(dir, 'models/vases.sql', 'select {{ outer(1) }} as id\n');
  writeProjectFile(dir, 'models/bowls.sql', "{{ config(materialized='kiln') }}\nselect 2 as id\n");
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (...args: string[]): Promise<CliRun> => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
// the output without its time stamps
const text = (r: CliRun): string => `${r.out}\n${r.err}`.replace(/^\d\d:\d\d:\d\d {2}/gmu, '');

test('a Jinja error two macros deep fails compile with the macros it left and the line it was raised at, and no hint', async () => {
  const r = await run('compile', '--vars', '{fail: attribute}');
  assert.equal(r.code, 2);
  assert.ok(
    text(r).includes(
      'Encountered an error:\nRuntime Error\n  Compilation Error in model vases (models/vases.sql)\n' +
        "    'int object' has no attribute 'nope'\n      (line 2 of macros/glaze.sql)\n    \n    > in macro outer (macros/glaze.sql)\n    > called by model vases (models/vases.sql)",
    ),
    text(r),
  );
  assert.doesNotMatch(text(r), /reelhouse deps/u);
  assert.ok(!hasStackTrace(text(r)));
});

test('a run reports the failing node with the same chain, and run_results carries it as the message', async () => {
  const r = await run('run', '-s', 'vases', '--vars', '{fail: missing}');
  assert.equal(r.code, 1);
  const message = "Compilation Error in model vases (models/vases.sql)\n  'no_such_macro' is undefined\n    (line 3 of macros/glaze.sql)\n  \n  > in macro outer (macros/glaze.sql)\n  > called by model vases (models/vases.sql)";
  assert.ok(text(r).includes(`  ${message}\n`), text(r));
  const results = readArtifact<{ results: { status: string; message: string }[] }>(dir, 'run_results.json').results;
  assert.deepEqual(results.map((x) => [x.status, x.message]), [['error', message]]);
});

test('raise_compiler_error lists every macro from the one that raised it to the model', async () => {
  const r = await run('run', '-s', 'vases', '--vars', '{fail: raise}');
  assert.equal(r.code, 1);
  const results = readArtifact<{ results: { message: string }[] }>(dir, 'run_results.json').results;
  assert.equal(
    results[0]?.message,
    'Compilation Error in model vases (models/vases.sql)\n  the kiln is too cold for 1\n    (line 4 of macros/glaze.sql)\n  \n' +
      '  > in macro inner (macros/glaze.sql)\n  > called by macro outer (macros/glaze.sql)\n  > called by model vases (models/vases.sql)',
  );
});

test("an error in a macro a materialization calls names the materialization's macro, with no compiled code line", async () => {
  const r = await run('run', '-s', 'bowls', '--vars', '{fail: attribute}');
  assert.equal(r.code, 1);
  const results = readArtifact<{ results: { message: string }[] }>(dir, 'run_results.json').results;
  assert.equal(
    results[0]?.message,
    "Compilation Error in model bowls (models/bowls.sql)\n  'None' has no attribute 'nope'\n    (line 2 of macros/glaze.sql)\n  \n" +
      '  > in macro outer (macros/glaze.sql)\n  > called by macro materialization_kiln_default (macros/glaze.sql)\n  > called by model bowls (models/bowls.sql)',
  );
});

test('a macro error while the project parses ends the command as dbt reports it', async () => {
  // dbt parses by rendering each model with its macros: a TypeError fails there already
  const r = await run('parse', '--vars', '{fail: type}');
  assert.equal(r.code, 2);
  assert.ok(
    text(r).includes(
      "Encountered an error:\nCompilation Error in model vases (models/vases.sql)\n  unsupported operand type(s) for +: 'int' and 'str'\n    (line 5 of macros/glaze.sql)\n  \n" +
        '  > in macro outer (macros/glaze.sql)\n  > called by model vases (models/vases.sql)',
    ),
    text(r),
  );
  assert.doesNotMatch(text(r), /\[jinja-render\]|glaze\.sql:\d/u);
});

test("run-operation reports the operation's error under dbt's heading, naming its macro for raise_compiler_error", async () => {
  const raised = await run('run-operation', 'outer', '--args', '{x: 2}', '--vars', '{fail: raise}');
  assert.equal(raised.code, 1);
  const message = 'Compilation Error in macro outer (macros/glaze.sql)\n  the kiln is too cold for 2\n    (line 4 of macros/glaze.sql)\n  \n' +
    '  > in macro inner (macros/glaze.sql)\n  > called by macro outer (macros/glaze.sql)\n  > called by macro outer (macros/glaze.sql)';
  assert.ok(text(raised).includes(`Encountered an error while running operation: ${message}`), text(raised));
  assert.equal(readArtifact<{ results: { message: string }[] }>(dir, 'run_results.json').results[0]?.message, message);

  // a Jinja error names no node: dbt's report ends with <Unknown>
  const caught = await run('run-operation', 'outer', '--args', '{x: 2}', '--vars', '{fail: attribute}');
  assert.equal(caught.code, 1);
  assert.ok(
    text(caught).includes("Encountered an error while running operation: Compilation Error\n  'int object' has no attribute 'nope'\n    (line 2 of macros/glaze.sql)\n  \n  > in macro outer (macros/glaze.sql)\n  > called by <Unknown>"),
    text(caught),
  );
});

test("run-operation reports a Jinja error raised in the operation's own macro under dbt's heading, with no chain to list", async () => {
  const caught = await run('run-operation', 'inner', '--args', '{x: 2}', '--vars', '{fail: attribute}');
  assert.equal(caught.code, 1);
  const message = "Compilation Error\n  'int object' has no attribute 'nope'\n    (line 2 of macros/glaze.sql)";
  assert.ok(text(caught).includes(`Encountered an error while running operation: ${message}`), text(caught));
  assert.doesNotMatch(text(caught), /> in macro|\[jinja-/u);
  assert.equal(readArtifact<{ results: { message: string }[] }>(dir, 'run_results.json').results[0]?.message, message);
});

test('an error in generate_schema_name names that macro as its node, as dbt runs it in a context of its own', async () => {
  const own = await newProject('kilnworks');
  try {
    writeProjectFile(own, 'macros/naming.sql', "{% macro generate_schema_name(custom_schema_name, node) %}{{ schema_for(node) }}{% endmacro %}\n{% macro schema_for(node) %}{{ exceptions.raise_compiler_error('no schema for ' ~ node.name) }}{% endmacro %}\n");
    writeProjectFile(own, 'models/jugs.sql', 'select 1 as id\n');
    const r = await runCli(['parse', '--project-dir', own, '--profiles-dir', own]);
    assert.equal(r.code, 2);
    assert.ok(
      text(r).includes(
        'Encountered an error:\nCompilation Error in macro generate_schema_name (macros/naming.sql)\n  no schema for jugs\n    (line 2 of macros/naming.sql)\n  \n' +
          '  > in macro schema_for (macros/naming.sql)\n  > called by macro generate_schema_name (macros/naming.sql)\n  > called by macro generate_schema_name (macros/naming.sql)',
      ),
      text(r),
    );
  } finally {
    await rm(own, { recursive: true, force: true });
  }
});
