// End to end: a result's status and its node's resource_type are dbt's string enums (RunStatus,
// TestStatus, NodeType): they compare, print and filter as text, and answer `.value` and `.name`
// as an Enum member does, while to_dict() gives plain text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from '../cli/test-helpers.js';

const ROW = [
  "r.node.name",
  "r.status.value",
  "r.status.name",
  "r.node.resource_type.value",
  "r.status == ('pass' if r.node.resource_type == 'test' else 'success')",
  "r.status in ['success', 'pass']",
  "r.status | upper",
  "r.status.upper()",
  "r.status ~ '!'",
  "tojson({'s': r.status})",
  "[r.status, r.node.resource_type]",
  "r.to_dict()['status'] is string",
].map((e) => `'{{ (${e}) | replace("'", "''") }}'`).join(', ');

test("on-run-end's result.status and node.resource_type are str enums: == 'success' and .value both work", async () => {
  const dir = await newProject(
    'ledger',
    `on-run-end:\n  - "create or replace table main.seen as select * from (values {% for r in results | sort(attribute='node.name') %}(${ROW.replace(/"/g, '\\"')}){{ ',' if not loop.last }}{% endfor %}) t(name, v, n, rtv, eq, isin, up, meth, cat, js, lst, plain)"\n`,
  );
  try {
    writeProjectFile(dir, 'models/entries.sql', 'select 1 as id\n');
    writeProjectFile(dir, 'models/entries.yml', 'version: 2\nmodels:\n  - name: entries\n    columns:\n      - name: id\n        data_tests: [not_null]\n');
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const [rows] = await queryDb(join(dir, 'ledger.duckdb'), 'select * from main.seen order by name');
    assert.deepEqual(rows, [
      ['entries', 'success', 'Success', 'model', 'True', 'True', 'SUCCESS', 'SUCCESS', 'success!', '{"s": "success"}', "[<RunStatus.Success: 'success'>, <NodeType.Model: 'model'>]", 'True'],
      ['not_null_entries_id', 'pass', 'Pass', 'test', 'True', 'True', 'PASS', 'PASS', 'pass!', '{"s": "pass"}', "[<TestStatus.Pass: 'pass'>, <NodeType.Test: 'test'>]", 'True'],
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
