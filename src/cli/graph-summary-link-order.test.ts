// graph_summary.json numbers the nodes as dbt's Linker adds them to its graph (sources first,
// then each node of the manifest followed by the parents it meets first) and lists each node's
// children in the order their edges were added; `build` also writes `with_test_edges`, where a
// data test points at every node that has everything the test reads upstream of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': "name: reels\nversion: '1.0.0'\nprofile: reels\non-run-start: ['create table if not exists main.events as select 1 as title_id']\n",
  'profiles.yml': 'reels:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: reels.duckdb\n',
  'models/sources.yml': 'sources:\n  - name: raw\n    schema: main\n    tables:\n      - name: events\n',
  'seeds/titles.csv': 'title_id,name\n1,Heat\n',
  'models/a_plays.sql': "select * from {{ source('raw', 'events') }}",
  'models/b_daily.sql': "select p.*, t.name from {{ ref('a_plays') }} p join {{ ref('titles') }} t using (title_id)",
  'models/c_top.sql': "select * from {{ ref('b_daily') }}",
  'models/schema.yml': [
    'models:',
    '  - name: a_plays',
    '    columns:',
    '      - name: title_id',
    '        data_tests: [not_null]',
    '',
  ].join('\n'),
};

interface SummaryNode {
  name: string;
  type: string;
  succ?: number[];
}
type Summary = Record<string, SummaryNode>;

const byName = (summary: Summary, name: string): [number, SummaryNode] => {
  const entry = Object.entries(summary).find(([, n]) => n.name === name);
  assert.ok(entry, name);
  return [Number(entry[0]), entry[1]];
};

test("graph_summary numbers nodes in dbt's linking order, and build adds the graph with its test edges", async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const written = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(written.code, 0, `${written.out}\n${written.err}`);
    const summary = readArtifact<{ linked: Summary; with_test_edges?: Summary }>(dir, 'graph_summary.json');
    assert.equal(summary.with_test_edges, undefined);
    const names = Object.values(summary.linked).map((n) => n.name);
    // The source comes first; each model is followed by the parents it brings in.
    assert.equal(names[0], 'source.reels.raw.events');
    assert.ok(names.indexOf('model.reels.b_daily') < names.indexOf('seed.reels.titles'));
    assert.equal(names.indexOf('seed.reels.titles'), names.indexOf('model.reels.b_daily') + 1);
    const [daily] = byName(summary.linked, 'model.reels.b_daily');
    const [top] = byName(summary.linked, 'model.reels.c_top');
    const [testAt, testNode] = byName(summary.linked, Object.values(summary.linked).find((n) => n.name.startsWith('test.reels.not_null_a_plays'))!.name);
    assert.equal(testNode.succ, undefined);
    assert.deepEqual(byName(summary.linked, 'model.reels.a_plays')[1].succ, [daily, testAt]);

    const build = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(build.code, 0, `${build.out}\n${build.err}`);
    const built = readArtifact<{ linked: Summary; with_test_edges: Summary }>(dir, 'graph_summary.json');
    assert.deepEqual(built.linked, summary.linked);
    // The test on a_plays runs before everything below a_plays.
    assert.deepEqual(built.with_test_edges[String(testAt)]!.succ, [daily, top]);
  });
});
