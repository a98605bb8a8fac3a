// End to end: a source with a freshness rule but no loaded_at_field (nor loaded_at_query) is, as
// in dbt on an adapter without metadata-based freshness, warned about while parsing and selected
// by `source freshness`, where its check fails: an ERROR line, a runtime error in sources.json
// and exit code 1. A source with no threshold at all is still not selected.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface SourcesJson {
  results: { unique_id: string; status: string; error?: string }[];
}

let dir = '';
before(async () => {
  dir = await newProject('lantern');
  writeProjectFile(dir, 'seeds/lamps.csv', 'lamp_id,lit_at\n1,2020-01-01 00:00:00\n');
  writeProjectFile(dir, 'models/sources.yml', [
    'sources:',
    '  - name: street',
    '    schema: main',
    '    freshness: {warn_after: {count: 1, period: day}}',
    '    tables:',
    '      - name: lamps',
    '      - name: lit_lamps',
    '        identifier: lamps',
    '        loaded_at_field: lit_at',
    '      - name: spare_lamps',
    '        identifier: lamps',
    '        freshness: null',
    '',
  ].join('\n'));
  const seed = await runCli(['seed', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(seed.code, 0, seed.out + seed.err);
});
after(() => rm(dir, { recursive: true, force: true }));

test('parsing warns of a freshness rule with no loaded_at_field, as dbt does', async () => {
  const run = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.out + run.err);
  const text = run.out + run.err;
  assert.match(text, /The configured adapter does not support metadata-based freshness\. A loaded_at_field must be specified for source 'street\.lamps'\./u);
  assert.doesNotMatch(text, /source 'street\.(lit_lamps|spare_lamps)'/u);
});

test('source freshness checks it and fails it, beside the sources it can measure', async () => {
  const run = await runCli(['source', 'freshness', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, run.out + run.err);
  const text = run.out + run.err;
  // dbt times the failed check, as every result line: `[ERROR in 0.00s]`.
  assert.match(text, /\d of 2 ERROR freshness of street\.lamps \.+ \[ERROR in \d+\.\d\ds\]/u);
  assert.match(text, /\d of 2 WARN freshness of street\.lit_lamps/u);
  const results = new Map(readArtifact<SourcesJson>(dir, 'sources.json').results.map((r) => [r.unique_id, r]));
  assert.equal(results.size, 2);
  const lamps = results.get('source.lantern.street.lamps')!;
  assert.equal(lamps.status, 'runtime error');
  // As dbt's result message: the DbtRuntimeError text, which names the node by its own name.
  assert.equal(lamps.error, "Runtime Error in source lamps (models/sources.yml)\n  Could not compute freshness for source lamps: no 'loaded_at_field' provided and duckdb adapter does not support metadata-based freshness checks.");
  assert.equal(results.get('source.lantern.street.lit_lamps')!.status, 'warn');
});

test('a failed check prints its error after the Finished line, before Done., as dbt prints it', async () => {
  const run = await runCli(['source', 'freshness', '--project-dir', dir, '--profiles-dir', dir]);
  const lines = run.out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
  const at = (pattern: RegExp): number => lines.findIndex((l) => pattern.test(l));
  const finished = at(/^Finished running 2 sources in /u);
  // dbt's RunResultError event indents the message by two spaces; its later lines keep their own.
  const error = at(/^ {2}Runtime Error in source lamps \(models\/sources\.yml\)$/u);
  const done = at(/^Done\.$/u);
  assert.ok(finished >= 0 && error > finished + 1 && done > error, lines.join('\n'));
  assert.equal(lines[error - 1], '', lines.join('\n'));
  assert.match(lines[error + 1]!, /^ {2}Could not compute freshness for source lamps: /u);
  assert.doesNotMatch(run.out, /Error in source street\.lamps/u);
});

test("in the JSON log the failed check's RunResultError names the source by its node_info", async () => {
  const run = await runCli(['source', 'freshness', '--project-dir', dir, '--profiles-dir', dir, '--log-format', 'json']);
  const events = run.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { info: { name: string }; data: { msg?: string; node_info?: Record<string, unknown> } });
  const error = events.find((e) => e.info.name === 'RunResultError');
  assert.match(error?.data.msg ?? '', /^Runtime Error in source lamps/u);
  assert.equal(error?.data.node_info?.['unique_id'], 'source.lantern.street.lamps');
  assert.equal(error?.data.node_info?.['node_status'], 'runtime error');
});
