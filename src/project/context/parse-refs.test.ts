// End to end: a node's refs in manifest.json list every ref() call its parse made, repeats
// included, as dbt appends one entry per call: the SQL's first, then its hooks', then those its
// foreign keys name. A generic test lists its arguments' refs, then its model's, then those of its
// macro's body, repeats included.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from '../../cli/test-helpers.js';

interface Node {
  refs: { name: string }[];
  depends_on: { nodes: string[] };
}

let dir = '';
let nodes: Record<string, Node> = {};
const names = (id: string): string[] => nodes[id]!.refs.map((r) => r.name);

before(async () => {
  dir = await newProject('reels', "models:\n  reels:\n    taps_twice:\n      +post-hook: \"select count(*) from {{ ref('lines') }}\"\n");
  writeProjectFile(dir, 'models/stations.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'models/lines.sql', 'select 1 as id, 1 as station_id\n');
  writeProjectFile(dir, 'models/hops.sql', [
    "{{ config(post_hook=\"select count(*) from {{ ref('lines') }}\") }}",
    "select a.id from {{ ref('stations') }} a join {{ ref('stations') }} b on a.id = b.id",
    "{% for t in ['lines', 'lines'] %} union all select id from {{ ref(t) }}{% endfor %}",
    '',
  ].join('\n'));
  writeProjectFile(dir, 'models/schema.yml', [
    'version: 2',
    'models:',
    '  - name: hops',
    '    columns:',
    '      - name: id',
    '        constraints:',
    '          - type: foreign_key',
    "            to: ref('stations')",
    '            to_columns: [id]',
    '  - name: lines',
    '    columns:',
    '      - name: station_id',
    '        data_tests:',
    '          - relationships:',
    '              arguments:',
    "                to: ref('stations')",
    '                field: id',
    '  - name: stations',
    '    data_tests:',
    '      - near_lines:',
    '          arguments:',
    "            other: ref('lines')",
    '    columns:',
    '      - name: id',
    '        data_tests:',
    '          - relationships:',
    '              arguments:',
    "                to: ref('stations')",
    '                field: id',
    '',
  ].join('\n'));
  // A generic test whose body reads a model its arguments name too.
  writeProjectFile(dir, 'tests/generic/near_lines.sql', "{% test near_lines(model, other) %}\nselect * from {{ model }} where id not in (select id from {{ other }}) and id not in (select id from {{ ref('lines') }})\n{% endtest %}\n");
  writeProjectFile(dir, 'models/sources.yml', 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: taps\n');
  // Read by dbt's static parser: the source listed once, the hook's ref (from dbt_project.yml) first.
  writeProjectFile(dir, 'models/taps_twice.sql', "select * from {{ source('raw', 'taps') }} union all select * from {{ source('raw', 'taps') }} union all select 1 from {{ ref('stations') }}\n");
  // Rendered: every call listed.
  writeProjectFile(dir, 'models/taps_rendered.sql', "{% set t = 'taps' %}select * from {{ source('raw', t) }} union all select * from {{ source('raw', 'taps') }}\n");
  writeProjectFile(dir, 'tests/same_count.sql', "select 1 from {{ ref('lines') }} where (select count(*) from {{ ref('lines') }}) < 0\n");
  const parse = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(parse.code, 0, parse.out + parse.err);
  nodes = readArtifact<{ nodes: Record<string, Node> }>(dir, 'manifest.json').nodes;
});
after(() => rm(dir, { recursive: true, force: true }));

test("a model lists each ref() call of its SQL, then of its hooks, then its foreign keys' parents", () => {
  assert.deepEqual(names('model.reels.hops'), ['stations', 'stations', 'lines', 'lines', 'lines', 'stations']);
  assert.deepEqual(nodes['model.reels.hops']!.depends_on.nodes, ['model.reels.stations', 'model.reels.lines']);
});

test("a model dbt's static parser reads lists a source once and its hooks' refs first; a rendered model lists each call", () => {
  const sources = (id: string): string[][] => (nodes[id] as unknown as { sources: string[][] }).sources;
  assert.deepEqual(sources('model.reels.taps_twice'), [['raw', 'taps']]);
  assert.deepEqual(names('model.reels.taps_twice'), ['lines', 'stations']);
  assert.deepEqual(sources('model.reels.taps_rendered'), [['raw', 'taps'], ['raw', 'taps']]);
});

test('a singular test lists a model it reads twice twice', () => {
  assert.deepEqual(names('test.reels.same_count'), ['lines', 'lines']);
});

test('a relationships test lists the model it points to, then the model it tests', () => {
  const id = Object.keys(nodes).find((k) => k.startsWith('test.reels.relationships_lines_'))!;
  assert.deepEqual(names(id), ['stations', 'lines']);
});

test("a generic test lists a model once per ref() call: its arguments', its model's, its body's", () => {
  // A model's parent_id pointing at the same model: dbt's parse records `to` and the tested model.
  const self = Object.keys(nodes).find((k) => k.startsWith('test.reels.relationships_stations_'))!;
  assert.deepEqual(names(self), ['stations', 'stations']);
  assert.deepEqual(nodes[self]!.depends_on.nodes, ['model.reels.stations']);
  const near = Object.keys(nodes).find((k) => k.startsWith('test.reels.near_lines_'))!;
  assert.deepEqual(names(near), ['lines', 'stations', 'lines']);
});

test('with --no-static-parser every model is rendered, and lists every call', async () => {
  const parse = await runCli(['parse', '--no-static-parser', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(parse.code, 0, parse.out + parse.err);
  const manifest = readArtifact<{ nodes: Record<string, { sources: string[][] }> }>(dir, 'manifest.json');
  assert.deepEqual(manifest.nodes['model.reels.taps_twice']!.sources, [['raw', 'taps'], ['raw', 'taps']]);
});

test("DBT_STATIC_PARSER=false and dbt_project.yml's `flags: {static_parser: false}` turn the static parser off as the flag does", async () => {
  const { main } = await import('../../cli/main.js');
  const { readFileSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const sources = (): string[][] => readArtifact<{ nodes: Record<string, { sources: string[][] }> }>(dir, 'manifest.json').nodes['model.reels.taps_twice']!.sources;
  const perf = (): unknown => readArtifact<{ is_static_analysis_enabled: boolean }>(dir, 'perf_info.json').is_static_analysis_enabled;
  const sink = { out: () => undefined, err: () => undefined };
  const args = ['parse', '--project-dir', dir, '--profiles-dir', dir];
  assert.equal(await main(args, { sink, env: { ...process.env, DBT_STATIC_PARSER: 'false' } }), 0);
  assert.deepEqual(sources(), [['raw', 'taps'], ['raw', 'taps']]);
  assert.equal(perf(), false);
  const project = join(dir, 'dbt_project.yml');
  const original = readFileSync(project, 'utf8');
  writeFileSync(project, `${original}\nflags:\n  static_parser: false\n`);
  try {
    assert.equal(await main(args, { sink }), 0);
    assert.deepEqual(sources(), [['raw', 'taps'], ['raw', 'taps']]);
    assert.equal(perf(), false);
  } finally {
    writeFileSync(project, original);
  }
  assert.equal(await main(args, { sink }), 0);
  assert.deepEqual(sources(), [['raw', 'taps']]);
  assert.equal(perf(), true);
});
