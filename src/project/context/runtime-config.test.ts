// End to end: dbt's RuntimeConfig reached through the ref and source resolvers' `config`
// attribute, where run-recording packages read the project name, the project's vars, the
// --vars, the invocation's arguments and the loaded packages' versions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, queryDb, runCli, writeProjectFile } from '../../cli/test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('rtconfig', 'vars:\n  region: eu\n');
  writeProjectFile(dir, 'vendor/auditlog/dbt_project.yml', "name: auditlog\nversion: '2.3.1'\nconfig-version: 2\n");
  writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: vendor/auditlog\n');
  writeProjectFile(
    dir,
    'models/invocation.sql',
    [
      "{{ config(materialized='table') }}",
      '{% set cfg = builtins.ref.config %}',
      "select '{{ cfg.project_name }}' as project_name, '{{ cfg.vars.to_dict() | tojson }}' as project_vars,",
      "  '{{ cfg.cli_vars | tojson }}' as cli_vars, '{{ cfg.args.which }}' as command, '{{ cfg.args.select | join(\",\") }}' as selected,",
      "  '{{ source.config.project_name }}' as via_source, '{{ cfg.target_name }}' as target_name,",
      "  '{{ cfg.dependencies['auditlog'].version }}' as package_version, '{{ cfg.dependencies['rtconfig'].version }}' as own_version",
      '',
    ].join('\n'),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

test("builtins.ref.config is dbt's RuntimeConfig: project name, vars.to_dict(), cli_vars, args and dependencies", async () => {
  const deps = await runCli(['deps', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(deps.code, 0, `${deps.out}\n${deps.err}`);
  const run = await runCli(['run', '--select', 'invocation', '--vars', '{days: 3}', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const [rows] = await queryDb(join(dir, 'rtconfig.duckdb'), 'select * from main.invocation');
  assert.deepEqual(rows, [['rtconfig', '{"region": "eu"}', '{"days": 3}', 'run', 'invocation', 'rtconfig', 'dev', '2.3.1', '1.0.0']]);
});
