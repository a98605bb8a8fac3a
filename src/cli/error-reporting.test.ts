// End to end: bad input is reported as one paragraph naming file and line, with no stack trace
// (unless --debug), exit code 2 for project errors and 1 for node failures, and the warehouse
// is left as the previous build made it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { copyProject, hasStackTrace, queryDb, runCli, writeProjectFile } from './test-helpers.js';

describe('errors for bad input', () => {
  let dir = '';
  let snapshot = '';
  const db = (): string => join(dir, 'jaffle_shop.duckdb');

  /** Every relation with its type and row count, as one comparable text. */
  const warehouse = async (): Promise<string> => {
    const [tables] = await queryDb(db(), `select table_schema, table_name, table_type from information_schema.tables order by all`);
    const counts: string[] = [];
    for (const [schema, name, type] of tables!) {
      const [n] = await queryDb(db(), `select count(*) from "${String(schema)}"."${String(name)}"`);
      counts.push(`${String(schema)}.${String(name)} ${String(type)} ${String(n![0]![0])}`);
    }
    return counts.join('\n');
  };

  before(async () => {
    dir = await copyProject('test/fixtures/jaffle');
    const build = await runCli(['build', '--project-dir', dir, '-q']);
    assert.equal(build.code, 0, build.err);
    snapshot = await warehouse();
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** Writes the bad files, builds, removes them, and checks the common promises. */
  const buildWith = async (files: Record<string, string>, args: string[] = []) => {
    for (const [rel, text] of Object.entries(files)) writeProjectFile(dir, rel, text);
    try {
      const run = await runCli(['build', '--project-dir', dir, ...args]);
      return run;
    } finally {
      for (const rel of Object.keys(files)) rmSync(join(dir, rel), { force: true });
    }
  };
  const assertProjectError = async (run: { code: number; out: string; err: string }, file: string, line: number, pattern: RegExp) => {
    assert.equal(run.code, 2, `expected exit 2\n${run.out}\n${run.err}`);
    assert.match(run.err, pattern);
    assert.ok(run.err.includes(`${join(dir, file)}:${line}`), `names ${file}:${line}:\n${run.err}`);
    assert.ok(!hasStackTrace(run.err) && !hasStackTrace(run.out), `no stack trace:\n${run.err}`);
    assert.doesNotMatch(run.err.trim(), /\n\s*\n/, 'one paragraph');
    assert.doesNotMatch(run.out, /START/, 'nothing ran');
    assert.equal(await warehouse(), snapshot, 'the warehouse is as the previous build left it');
  };

  test('invalid YAML', async () => {
    const run = await buildWith({ 'models/broken.yml': 'version: 2\nmodels:\n  - name: orders\n    description: [unclosed\n' });
    await assertProjectError(run, 'models/broken.yml', 5, /Invalid YAML/);
  });

  test('a Jinja syntax error in a model', async () => {
    const run = await buildWith({ 'models/bad_jinja.sql': 'select 1 as a,\n  {% if true %} 2 as b\n' });
    // The unclosed tag's own line, where the fix goes.
    await assertProjectError(run, 'models/bad_jinja.sql', 2, /endif|end of template|unclosed|Unexpected end/i);
  });

  test('ref to a missing node, with a did-you-mean', async () => {
    const run = await buildWith({ 'models/bad_ref.sql': "-- orders by day\nselect *\nfrom {{ ref('stg_order') }}\n" });
    // The error names the line of the call and shows it, then the suggestion.
    await assertProjectError(
      run,
      'models/bad_ref.sql',
      3,
      /depends on a node named 'stg_order' which was not found\n +from \{\{ ref\('stg_order'\) \}\}\n +\^\n +Did you mean 'stg_orders'\?/,
    );
  });

  test('a missing source', async () => {
    const run = await buildWith({ 'models/bad_source.sql': "select * from {{ source('ops', 'order_evnts') }}\n" });
    await assertProjectError(run, 'models/bad_source.sql', 1, /source named 'ops\.order_evnts' which was not found/);
  });

  test('a duplicate node name', async () => {
    const run = await buildWith({ 'models/extra/stg_orders.sql': 'select 1 as order_id\n' });
    rmSync(join(dir, 'models/extra'), { recursive: true, force: true });
    await assertProjectError(run, 'models/extra/stg_orders.sql', 1, /two models with the name "stg_orders".*models\/staging\/stg_orders\.sql and models\/extra\/stg_orders\.sql/);
  });

  test('a cycle prints the cycle', async () => {
    const run = await buildWith({
      'models/cycle_a.sql': "select * from {{ ref('cycle_b') }}\n",
      'models/cycle_b.sql': "select * from {{ ref('cycle_c') }}\n",
      'models/cycle_c.sql': "select * from {{ ref('cycle_a') }}\n",
    });
    assert.equal(run.code, 2);
    assert.match(run.err, /Found a cycle: model\.jaffle_shop\.cycle_. --> model\.jaffle_shop\.cycle_. --> model\.jaffle_shop\.cycle_.$/m);
    assert.ok(!hasStackTrace(run.err));
    assert.equal(await warehouse(), snapshot);
  });

  test("a failing on-run-start hook is an error result in dbt's words, its dbt_project.yml line named after it; with skip_nodes_if_on_run_start_fails every node is skipped (exit 1)", async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { resultStatuses } = await import('./test-helpers.js');
    const project = join(dir, 'dbt_project.yml');
    const original = readFileSync(project, 'utf8');
    const changed = original
      .replace('flags:\n', 'flags:\n  skip_nodes_if_on_run_start_fails: true\n')
      .replace('on-run-start:\n', 'on-run-start:\n  - "select * from no_such_table_here"\n');
    const hookLine = changed.split('\n').findIndex((l) => l.includes('no_such_table_here')) + 1;
    writeFileSync(project, changed);
    try {
      const run = await runCli(['build', '--project-dir', dir]);
      assert.equal(run.code, 1, `${run.out}\n${run.err}`);
      assert.ok(run.out.includes('  jaffle_shop.on-run-start.0 failed, error:\n Catalog Error: Table with name no_such_table_here does not exist!'), run.out);
      assert.ok(run.out.includes(`  the hook is written at dbt_project.yml line ${hookLine}: fix it (or the macro it calls) and run again`), run.out);
      assert.match(run.out, /ERROR hook: jaffle_shop\.on-run-start\.0/);
      assert.match(run.out, /no_such_table_here/);
      assert.ok(!hasStackTrace(run.err) && !hasStackTrace(run.out));
      assert.match(run.out, /SKIP hook: jaffle_shop\.on-run-start\.1/);
      assert.match(run.out, /SKIP relation main\.customers/);
      assert.doesNotMatch(run.out, /START (sql|seed)/, 'no node ran');
      assert.match(run.out, /Done\. PASS=0 WARN=0 ERROR=1 SKIP=\d+ NO-OP=0 TOTAL=\d+/);
      const statuses = resultStatuses(dir);
      assert.equal(statuses.get('operation.jaffle_shop.jaffle_shop-on-run-start-0'), 'error');
      assert.equal(statuses.get('operation.jaffle_shop.jaffle_shop-on-run-start-2'), 'skipped');
      const nodes = [...statuses].filter(([id]) => !id.startsWith('operation.'));
      assert.ok(nodes.length > 10 && nodes.every(([, s]) => s === 'skipped'), JSON.stringify(nodes));
      assert.equal(await warehouse(), snapshot);
    } finally {
      writeFileSync(project, original);
    }
  });

  test('invalid --vars is a usage error', async () => {
    const run = await runCli(['build', '--project-dir', dir, '--vars', '{a: [1']);
    assert.equal(run.code, 2);
    assert.match(run.err, /--vars is not valid YAML/);
    assert.ok(!hasStackTrace(run.err));
  });

  test('a database error fails the model (exit 1), names the file, and keeps the previous relation', async () => {
    const [before] = await queryDb(db(), 'select count(*), sum(customer_lifetime_value) from main.customers');
    const run = await buildWith({ 'models/marts/customers.sql': "select\n  customer_id,\n  no_such_column\nfrom {{ ref('stg_customers') }}\n" });
    // Restore the fixture's model for later tests.
    const { cpSync } = await import('node:fs');
    const { repoRoot } = await import('./test-helpers.js');
    cpSync(join(repoRoot, 'test/fixtures/jaffle/models/marts/customers.sql'), join(dir, 'models/marts/customers.sql'));
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    assert.match(run.out, /ERROR creating sql table model main\.customers/);
    assert.match(run.out, /Runtime Error in model customers \(models\/marts\/customers\.sql\)\n(?:\d\d:\d\d:\d\d {2})? {2}.*no_such_column/);
    assert.match(run.out, /LINE \d+/);
    // dbt-duckdb's Runtime Error names no compiled file; dbt 1.10's summary heads it and points at the compiled SQL.
    assert.match(run.out, /Failure in model customers \(models\/marts\/customers\.sql\)\n(?:\d\d:\d\d:\d\d {2})? {2}Runtime Error in model customers/);
    assert.match(run.out, /\n(?:\d\d:\d\d:\d\d {2})? {2}compiled code at target\/compiled\/jaffle_shop\/models\/marts\/customers\.sql\n/);
    // The model's own line and column, not the line of the statement DuckDB ran.
    assert.match(run.out, /in models\/marts\/customers\.sql line 3, column 3\n/);
    assert.match(run.out, /SKIP test unique_customers_customer_id/);
    assert.match(run.out, /Done\. PASS=\d+ WARN=0 ERROR=1 SKIP=\d+ NO-OP=0 TOTAL=\d+/);
    assert.ok(!hasStackTrace(run.err) && !hasStackTrace(run.out));
    const [after] = await queryDb(db(), 'select count(*), sum(customer_lifetime_value) from main.customers');
    assert.deepEqual(after, before);
    assert.equal(await warehouse(), snapshot);
  });

  test('with --log-format json the error is a JSON event too', async () => {
    const run = await buildWith({ 'models/bad_ref.sql': "select * from {{ ref('stg_order') }}\n" }, ['--log-format', 'json']);
    assert.equal(run.code, 2);
    const events = `${run.out}\n${run.err}`.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { info: { level: string; msg: string; name: string }; data: { diagnostic?: { code: string }; exc?: string } });
    const error = events.find((e) => e.info.level === 'error');
    assert.equal(error?.info.name, 'MainEncounteredError');
    assert.match(error!.info.msg, /Did you mean 'stg_orders'/);
    assert.equal(error!.data.diagnostic?.code, 'ref-not-found');
    // As dbt's event, the error's text is data.exc too.
    assert.match(error!.data.exc ?? '', /Did you mean 'stg_orders'/);
  });

  test('--debug adds the stack trace to a project error', async () => {
    const run = await buildWith({ 'models/bad_ref.sql': "select * from {{ ref('stg_order') }}\n" }, ['--debug']);
    assert.equal(run.code, 2);
    assert.match(run.err, /Did you mean 'stg_orders'/);
    assert.ok(hasStackTrace(run.err), run.err);
  });

  test('a missing project folder or unknown command is a usage error', async () => {
    const missing = await runCli(['build', '--project-dir', join(dir, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /dbt_project\.yml/);
    assert.ok(!hasStackTrace(missing.err));
    const unknown = await runCli(['biuld']);
    assert.equal(unknown.code, 2);
  });
});
