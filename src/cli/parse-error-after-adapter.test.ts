// End to end: an error met while the project's files are parsed (a source table defined in two
// property files, a property file that is not valid YAML) comes after dbt's 'Registered adapter'
// line, as dbt registers the adapter before it parses, and the deprecations the parse met before
// the error are still warned of and counted in the closing deprecations summary.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

const lines = (text: string): string[] => text.split('\n').map((line) => line.replace(/^\d\d:\d\d:\d\d {2}/u, ''));

describe('a parse error after the adapter line', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reelhouse-parse-error-adapter-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a source table defined twice: adapter line, the earlier deprecation warned of and summarised, then the error', async () => {
    const project = join(dir, 'grid');
    writeProjectFile(project, 'dbt_project.yml', 'name: grid\nprofile: grid\n');
    writeProjectFile(project, 'profiles.yml', 'grid:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: grid.duckdb}\n');
    writeProjectFile(project, 'models/stg_prices.sql', "select 'NSW1' as region_id\n");
    // schema.yml is read before sources.yml, so its deprecated test form is met before the duplicate.
    writeProjectFile(project, 'models/schema.yml', [
      'version: 2',
      'sources:',
      '  - name: bronze',
      '    tables:',
      '      - name: prices',
      'models:',
      '  - name: stg_prices',
      '    columns:',
      '      - name: region_id',
      '        tests:',
      '          - accepted_values:',
      '              values: [NSW1, VIC1]',
      '',
    ].join('\n'));
    writeProjectFile(project, 'models/sources.yml', 'version: 2\nsources:\n  - name: bronze\n    tables:\n      - name: prices\n');
    const run = await runCli(['build'], project);
    assert.equal(run.code, 2, run.out + run.err);
    const out = lines(run.out);
    assert.equal(out[0], 'Running with reelhouse=0.1.0');
    assert.match(out[1]!, /^Registered adapter: duckdb=/u);
    assert.ok(out.includes('- MissingArgumentsPropertyInGenericTestDeprecation: 1 occurrence'), run.out);
    assert.match(run.err, /Found top-level arguments to test `accepted_values`/u);
    assert.match(run.err, /Source table 'bronze\.prices' is defined twice/u);
  });

  test('a property file that is not valid YAML: the adapter line comes first', async () => {
    const project = join(dir, 'kiln');
    writeProjectFile(project, 'dbt_project.yml', 'name: kiln\nprofile: kiln\n');
    writeProjectFile(project, 'profiles.yml', 'kiln:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: kiln.duckdb}\n');
    writeProjectFile(project, 'models/m.sql', 'select 1 as id\n');
    writeProjectFile(project, 'models/bad.yml', 'version: 2\nmodels:\n  - name: m\n   description: [\n');
    const run = await runCli(['run'], project);
    assert.equal(run.code, 2, run.out + run.err);
    assert.match(lines(run.out)[1]!, /^Registered adapter: duckdb=/u);
    assert.match(run.err, /bad\.yml:4:4: Invalid YAML/u);
  });
});
