// End to end: `show` and `compile` print what dbt prints: one preview per selected node named
// within the first --select value, dbt's headings (dropped by --quiet), the node's name in JSON, and --inline alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArtifact, runCli, writeProjectFile } from './test-helpers.js';
import { loadSchemaValidator } from '../run/artifacts/schema-validator.js';

const validateRunResults = loadSchemaValidator('run-results/v6.json');

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-show-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: kiosk\nprofile: kiosk\n');
  writeProjectFile(dir, 'profiles.yml', 'kiosk:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: kiosk.duckdb\n');
  writeProjectFile(dir, 'models/tills.sql', "select 3 as till_no, 'north' as hall\n");
  writeProjectFile(dir, 'models/halls.sql', "select distinct hall from {{ ref('tills') }}\n");
  assert.equal((await cli('run', '-q')).code, 0);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('show previews every selected node under its own heading', async () => {
  const run = await cli('show', '--select', 'tills halls');
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /Previewing node 'halls':\n\| hall/);
  assert.match(run.out, /Previewing node 'tills':\n\| till_no/);
});

test('show runs every selected node but previews only those named within the first --select value', async () => {
  const run = await cli('show', '--select', 'tills+');
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /Previewing node 'tills':\n\| till_no/);
  assert.doesNotMatch(run.out, /Previewing node 'halls'/);
  const results = readArtifact<{ results: { unique_id: string }[] }>(dir, 'run_results.json').results;
  assert.deepEqual(results.map((r) => r.unique_id).sort(), ['model.kiosk.halls', 'model.kiosk.tills']);
  // the second --select value is not looked at: only tills is named within the first
  const two = await cli('show', '--select', 'tills', '--select', 'halls');
  assert.match(two.out, /Previewing node 'tills'/);
  assert.doesNotMatch(two.out, /Previewing node 'halls'/);
});

test('show --output json names the node (not for --inline); --quiet drops the text heading', async () => {
  const json = JSON.parse((await cli('show', '-q', '--select', 'halls', '--output', 'json')).out) as unknown;
  assert.deepEqual(json, { node: 'halls', show: [{ hall: 'north' }] });
  const inline = JSON.parse((await cli('show', '-q', '--inline', 'select 1 as n', '--output', 'json')).out) as unknown;
  assert.deepEqual(inline, { show: [{ n: 1 }] });
  const quiet = await cli('show', '-q', '--inline', "select * from {{ ref('halls') }}");
  assert.equal(quiet.out.split('\n')[0], '| hall  |');
  assert.match((await cli('show', '--inline', 'select 1 as n')).out, /Previewing inline node:\n\| n/);
});

test('show --output json writes whole values of fractional columns as floats and integer columns as integers', async () => {
  const sql = 'select 12 as crates, 7.0::double as litres, 2.50::decimal(6,2) as price, 1.25::double as share union all select null, -4, 3, null';
  const run = await cli('show', '-q', '--inline', sql, '--output', 'json');
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /"crates": 12,/);
  assert.match(run.out, /"litres": 7\.0,/);
  assert.match(run.out, /"litres": -4\.0,/);
  assert.match(run.out, /"price": 3\.0,/);
  assert.match(run.out, /"share": 1\.25/);
  assert.deepEqual((JSON.parse(run.out) as { show: unknown[] }).show[1], { crates: null, litres: -4, price: 3, share: null });
});

test('an --inline query that does not compile fails as dbt\'s "Error parsing inline query", on show and compile', async () => {
  for (const command of ['show', 'compile']) {
    const run = await cli(command, '--inline', "select * from {{ ref('no_such_hall') }}");
    assert.equal(run.code, 2, command);
    assert.match(run.err, /Error parsing inline query: .*depends on a node named 'no_such_hall' which was not found/, command);
  }
});

test('a query show cannot run is a runtime error naming the inline query or the node, as dbt-duckdb raises it', async () => {
  const inline = await cli('show', '--inline', 'selec till_no frm tills');
  assert.equal(inline.code, 2);
  // dbt raises it as a runtime error ending the command, the cause indented under its heading.
  assert.match(inline.err, /Encountered an error:\nRuntime Error\n {2}Runtime Error in sql operation inline_query \(from remote system\.sql\)\n {4}Parser Error: /);
  writeProjectFile(dir, 'models/broken_till.sql', 'select till_no from {{ ref(\'tills\') }} where\n');
  try {
    const node = await cli('show', '--select', 'broken_till');
    assert.equal(node.code, 2);
    assert.match(node.err, /Runtime Error\n {2}Runtime Error in model broken_till \(models\/broken_till\.sql\)\n {4}\S/);
  } finally {
    await rm(join(dir, 'models/broken_till.sql'));
  }
});

test('compile --inline writes run_results.json with the inline query as its one result', async () => {
  assert.equal((await cli('compile', '-s', 'halls')).code, 0);
  const run = await cli('compile', '--inline', "select hall from {{ ref('halls') }}");
  assert.equal(run.code, 0, run.err);
  const written = readArtifact<Record<string, unknown>>(dir, 'run_results.json');
  const validation = validateRunResults(written);
  assert.ok(validation.valid, validation.errors);
  const results = (written as { results: { unique_id: string; status: string; compiled_code: string }[] }).results;
  assert.deepEqual(results.map((r) => [r.unique_id, r.status]), [['sql_operation.kiosk.inline_query', 'success']]);
  assert.match(results[0]!.compiled_code, /^select hall from ".*"\."halls"$/);
});

test('--inline refuses --select and --selector, on show and compile', async () => {
  for (const command of ['show', 'compile']) {
    const withSelect = await cli(command, '--inline', 'select 1', '--select', 'tills');
    assert.equal(withSelect.code, 2, `${command}: ${withSelect.out}`);
    assert.match(withSelect.err, /select: not allowed with argument inline/);
    assert.equal((await cli(command, '--inline', 'select 1', '--selector', 'any')).code, 2);
  }
  const none = await cli('show');
  assert.equal(none.code, 2);
  assert.match(none.err, /Either --select or --inline must be passed to show/);
});

test('compile prints dbt\'s heading before inline SQL and before the selected node; --quiet prints the SQL alone', async () => {
  assert.match((await cli('compile', '--inline', "select * from {{ ref('tills') }}")).out, /Compiled inline node is:\nselect \* from "kiosk"\."main"\."tills"/);
  assert.equal((await cli('compile', '-q', '--inline', 'select 2')).out.trim(), 'select 2');
  assert.match((await cli('compile', '-s', '+halls')).out, /Compiled node 'halls' is:\nselect distinct hall/);
  assert.doesNotMatch((await cli('compile', '-q', '-s', 'halls')).out, /Compiled node/);
});

test('show --inline-direct runs the SQL as written, without Jinja', async () => {
  const run = await cli('show', '-q', '--inline-direct', "select '{{ not rendered }}' as text, till_no from main.tills");
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /\| \{\{ not rendered \}\} \|\s+3 \|/);
  assert.equal((await cli('show', '--inline-direct', 'select 1', '--select', 'tills')).code, 2);
});

test('compile prints the nodes named within the first --select value as typed, spaces included', async () => {
  const both = await cli('compile', '--select', 'tills halls');
  assert.match(both.out, /Compiled node 'tills' is:/);
  assert.match(both.out, /Compiled node 'halls' is:/);
  for (const args of [['--select', 'tills', 'halls'], ['-s', 'tills', '-s', 'halls'], ['--select=tills', '-s', 'halls']]) {
    const first = await cli('compile', ...args);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Compiled node 'tills' is:/, args.join(' '));
    assert.doesNotMatch(first.out, /Compiled node 'halls'/, args.join(' '));
  }
});

test('compile reports the seeds it selects (without compiled code), as dbt does', async () => {
  writeProjectFile(dir, 'seeds/till_codes.csv', 'code\nA\n');
  const run = await cli('compile', '-q');
  assert.equal(run.code, 0, run.err);
  const results = readArtifact<{ results: { unique_id: string; status: string; compiled_code: string | null }[] }>(dir, 'run_results.json').results;
  const seed = results.find((r) => r.unique_id === 'seed.kiosk.till_codes');
  assert.deepEqual(seed && [seed.status, seed.compiled_code], ['success', null]);
});

test("show runs the query dbt's get_show_sql writes: the limit appended (a project may override get_limit_sql), recorded as the compiled code", async () => {
  writeProjectFile(dir, 'models/top_tills.sql', "select till_no from {{ ref('tills') }} order by till_no limit 1\n");
  // As dbt warns, a query with its own limit and show's limit is a syntax error.
  const clash = await cli('show', '--select', 'top_tills');
  assert.notEqual(clash.code, 0, clash.out);
  assert.match(clash.out + clash.err, /syntax error at or near "limit"/iu);
  const all = await cli('show', '--select', 'top_tills', '--limit', '-1');
  assert.equal(all.code, 0, all.out + all.err);
  writeProjectFile(dir, 'macros/limits.sql', '{% macro duckdb__get_limit_sql(sql, limit) %}{{ sql }}\n{% if limit is not none %}limit {{ limit }} offset 0{% endif %}{% endmacro %}\n');
  const shown = await cli('show', '--select', 'halls', '--limit', '3');
  assert.equal(shown.code, 0, shown.out + shown.err);
  const result = readArtifact<{ results: { compiled_code: string }[] }>(dir, 'run_results.json').results[0]!;
  // get_show_sql's own lines around the overridden limit: a line break and indent before it, one after.
  assert.equal(result.compiled_code, '\n  select distinct hall from "kiosk"."main"."tills"\nlimit 3 offset 0\n');
});

test("show records get_show_sql's text as dbt lays it out, blank lines and indents kept, with and without a limit", async () => {
  const compiledCode = (): string => readArtifact<{ results: { compiled_code: string }[] }>(dir, 'run_results.json').results[0]!.compiled_code;
  await rm(join(dir, 'macros/limits.sql'), { force: true });
  assert.equal((await cli('show', '--inline', 'select hall from halls')).code, 0);
  assert.equal(compiledCode(), '\n  \n  select hall from halls\n  \n  limit 5\n');
  assert.equal((await cli('show', '--inline', 'select hall from halls', '--limit', '-1')).code, 0);
  assert.equal(compiledCode(), '\n  \n  select hall from halls\n  \n');
});

test('compile --output json escapes every character past ASCII, as json.dumps does', async () => {
  const run = await cli('compile', '-q', '--inline', "select 'Zürich' as city", '--output', 'json');
  assert.equal(run.code, 0, run.err);
  assert.equal(run.out.trim(), '{\n  "compiled": "select \'Z\\u00fcrich\' as city"\n}');
});
