// End to end: a node's error is printed as dbt's exceptions print themselves: the heading, then
// every line of the cause two spaces in, the blank ones too (DuckDB's blank line before `LINE 1:`,
// the one before a contract's table of mismatches and the newline agate ends that table with).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArtifact, runCli, writeProjectFile } from './test-helpers.js';

describe('node error messages keep their lines', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-error-lines-'));
    writeProjectFile(dir, 'dbt_project.yml', "name: lines\nversion: '1.0.0'\nprofile: lines\nmodels:\n  lines:\n    +materialized: table\n");
    writeProjectFile(dir, 'profiles.yml', 'lines:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: lines.duckdb\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** Runs the one model `name` and returns the CLI run and its run_results message. */
  const fail = async (name: string, files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) writeProjectFile(dir, path, text);
    try {
      const run = await runCli(['run', '--project-dir', dir, '--select', name]);
      const rr = readArtifact<{ results: { unique_id: string; message: string | null }[] }>(dir, 'run_results.json');
      return { run, message: rr.results.find((r) => r.unique_id === `model.lines.${name}`)?.message ?? '' };
    } finally {
      for (const path of Object.keys(files)) rmSync(join(dir, path), { force: true });
    }
  };

  test("DuckDB's blank line before LINE stays, indented, in run_results and on the console", async () => {
    const { run, message } = await fail('cat', { 'models/cat.sql': 'select * from main.no_such_tbl\n' });
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    assert.ok(
      message.startsWith(
        'Runtime Error in model cat (models/cat.sql)\n' +
          '  Catalog Error: Table with name no_such_tbl does not exist!\n' +
          '  Did you mean "duckdb_tables"?\n' +
          '  \n' +
          // DuckDB quotes the statement's line: the model's first line behind dbt-duckdb's indent.
          '  LINE 1:       select * from main.no_such_tbl\n',
      ),
      message,
    );
    assert.ok(run.out.includes('  Did you mean "duckdb_tables"?\n  \n  LINE 1:       select * from main.no_such_tbl\n'), run.out);
  });

  test("a contract's mismatches follow a blank line and end with agate's newline", async () => {
    const { run, message } = await fail('con', {
      'models/con.sql': "{{ config(contract={'enforced': true}) }}\nselect 1 as id, 'x' as name\n",
      'models/con.yml': 'models:\n  - name: con\n    columns:\n      - name: id\n        data_type: integer\n      - name: nom\n        data_type: varchar\n',
    });
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    const table =
      '  This model has an enforced contract that failed.\n' +
      "  Please ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.\n" +
      '  \n' +
      '  | column_name | definition_type | contract_type | mismatch_reason       |\n' +
      '  | ----------- | --------------- | ------------- | --------------------- |\n' +
      '  | name        | VARCHAR         |               | missing in contract   |\n' +
      '  | nom         |                 | VARCHAR       | missing in definition |\n' +
      '  ';
    assert.ok(message.startsWith(`Compilation Error in model con (models/con.sql)\n${table}`), message);
    assert.ok(run.out.includes(table), run.out);
  });

  test("dbt-duckdb's Runtime Error and a contract's Compilation Error name no compiled file; the summary does, under its Failure heading", async () => {
    const runtime = await fail('cat', { 'models/cat.sql': 'select * from main.no_such_tbl\n' });
    assert.match(runtime.message, /\n {2}LINE 1: {7}select \* from main\.no_such_tbl\n {30}\^\n {2}in models\/cat\.sql line 1, column 15$/);
    const contract = await fail('con', {
      'models/con.sql': "{{ config(contract={'enforced': true}) }}\nselect 1 as id\n",
      'models/con.yml': 'models:\n  - name: con\n    columns:\n      - name: id\n        data_type: varchar\n',
    });
    assert.match(contract.message, /^Compilation Error in model con/);
    for (const [name, { run, message }] of [['cat', runtime], ['con', contract]] as const) {
      assert.doesNotMatch(message, /compiled code at/);
      // dbt 1.10's summary: the Failure heading, the message, a blank line and the compiled SQL's path.
      const lines = run.out.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
      const heading = lines.indexOf(`Failure in model ${name} (models/${name}.sql)`);
      assert.ok(heading >= 0 && lines[heading + 1]!.startsWith(`  ${message.split('\n')[0]}`), run.out);
      const path = lines.indexOf(`  compiled code at target/compiled/lines/models/${name}.sql`);
      assert.ok(path > heading && lines[path - 1] === '', run.out);
    }
  });
});
