// End to end: a YAML syntax mistake in any of a project's YAML files (property files, profiles.yml,
// selectors.yml, packages.yml, ingest.yml, pipelines.yml) is reported the same way: the file, line and column
// where it was written, that line with a caret, what to do, exit 2 and no stack trace.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasStackTrace, runCli, writeProjectFile, type CliRun } from './test-helpers.js';

/** A one-model project with the given files added. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'reelhouse-yaml-syntax-'));
  const base: Record<string, string> = {
    'dbt_project.yml': "name: greenhouse\nversion: '1.0'\nconfig-version: 2\nprofile: greenhouse\n",
    'models/ferns.sql': "select 1 as fern_id, 'boston' as kind\n",
  };
  for (const [rel, text] of Object.entries({ ...base, ...files })) writeProjectFile(dir, rel, text);
  return dir;
}

/** Runs the command in a fresh project holding `files` and returns the run. */
async function runWith(files: Record<string, string>, args: string[]): Promise<{ run: CliRun; dir: string }> {
  const dir = project(files);
  try {
    return { run: await runCli([...args, '--project-dir', dir]), dir };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Exit 2, file:line:column, the excerpt with its caret, the message, a hint, one paragraph, no stack. */
function assertYamlError(run: CliRun, where: string, excerpt: string, caretColumn: number, message: RegExp, hint: RegExp): void {
  assert.equal(run.code, 2, `${run.out}\n${run.err}`);
  assert.ok(run.err.includes(`${where}: `), `names ${where}:\n${run.err}`);
  assert.match(run.err, message);
  assert.ok(run.err.includes(`\n    ${excerpt}\n    ${' '.repeat(caretColumn - 1)}^\n`), `excerpt and caret:\n${run.err}`);
  assert.match(run.err, hint);
  assert.ok(!hasStackTrace(run.err) && !hasStackTrace(run.out), run.err);
  assert.doesNotMatch(run.err.trim(), /\n\s*\n/u, 'one paragraph');
}

describe('YAML syntax errors point where they were written', () => {
  test('an unclosed quote in a property file points at the opening quote, not at the end of the file', async () => {
    const { run, dir } = await runWith({
      'models/ferns.yml': 'version: 2\nmodels:\n  - name: ferns\n    description: "shade plants\n    columns:\n      - name: fern_id\n',
    }, ['parse']);
    assertYamlError(run, `${join(dir, 'models/ferns.yml')}:4:18`, '    description: "shade plants', 18,
      /Invalid YAML: the value quoted with " here is never closed/u, /Close the quote with "/u);
  });

  test('a single-quoted value with a doubled quote inside still finds its opening quote', async () => {
    const { run, dir } = await runWith({
      'selectors.yml': "selectors:\n  - name: nightly\n    description: 'the gardener''s run\n    definition: ferns\n",
    }, ['ls']);
    assertYamlError(run, `${join(dir, 'selectors.yml')}:3:18`, "    description: 'the gardener''s run", 18,
      /Invalid YAML: the value quoted with ' here is never closed/u, /Close the quote with '/u);
  });

  test('a key written twice in profiles.yml is named, at the second one', async () => {
    const { run, dir } = await runWith({
      'profiles.yml': 'greenhouse:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ferns.duckdb\n      path: other.duckdb\n',
    }, ['parse']);
    assertYamlError(run, `${join(dir, 'profiles.yml')}:7:7`, '      path: other.duckdb', 7,
      /Invalid YAML: the key 'path' is written twice in the same mapping/u, /Keep one 'path:' in this mapping/u);
  });

  test('ingest.yml and pipelines.yml report their YAML mistakes as the dbt files do', async () => {
    const ingest = await runWith({ 'ingest.yml': 'sources:\n  greenhouse_sensors:\n\t  type: files\n' }, ['ingest']);
    assertYamlError(ingest.run, `${join(ingest.dir, 'ingest.yml')}:3:1`, '\t  type: files', 1,
      /ingest\.yml is not valid YAML: Tabs are not allowed as indentation$/mu, /Fix the YAML syntax at this position/u);
    assert.doesNotMatch(ingest.run.err, /at line \d+, column \d+/u, 'the position is said once');
    const pipelines = await runWith({ 'pipelines.yml': 'pipelines:\n  nightly:\n    steps: [build]\n    steps: [run]\n' }, ['pipeline', 'ls']);
    assertYamlError(pipelines.run, `${join(pipelines.dir, 'pipelines.yml')}:4:5`, '    steps: [run]', 5,
      /pipelines\.yml is not valid YAML: the key 'steps' is written twice/u, /Keep one 'steps:'/u);
  });

  test('a selectors.yml value that cannot render names its own line', async () => {
    const { run, dir } = await runWith({
      'selectors.yml': 'selectors:\n  - name: nightly\n    definition: "{{ nightly_selector() }}"\n',
    }, ['ls', '--selector', 'nightly']);
    assert.equal(run.code, 2, run.err);
    assert.ok(run.err.includes(`${join(dir, 'selectors.yml')}:3: Could not render '{{ nightly_selector() }}'`), run.err);
    assert.ok(!hasStackTrace(run.err), run.err);
  });

  test('a malformed packages.yml stops build too, as dbt reads it with the project', async () => {
    const { run, dir } = await runWith({ 'packages.yml': 'packages:\n  - local: "../potting_macros\n' }, ['build']);
    assertYamlError(run, `${join(dir, 'packages.yml')}:2:12`, '  - local: "../potting_macros', 12,
      /Invalid YAML: the value quoted with " here is never closed/u, /Close the quote/u);
    assert.doesNotMatch(run.out, /START/u, 'nothing ran');
  });
});
