// End to end: the `graph` context variable holds every entry as manifest.json writes it (dbt's
// flat graph is each node's to_dict), is empty while the project is parsed, and shows no
// compiled members; manifest.json writes a node's compiled members only once it is compiled.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeDailyTimeSpine, writeProjectFile } from '../../cli/test-helpers.js';

type Json = Record<string, unknown>;
type Collections = Record<string, Record<string, Json>>;

const COLLECTIONS = ['nodes', 'sources', 'exposures', 'metrics', 'groups', 'semantic_models', 'saved_queries', 'unit_tests'];

const SCHEMA = `version: 2
groups:
  - name: finance
    owner: {name: Fin, email: fin@example.com}
sources:
  - name: raw
    schema: main
    freshness:
      warn_after: {count: 1, period: day}
    loaded_at_field: loaded_at
    tables:
      - name: customers_src
        identifier: raw_orders
        columns:
          - name: id
            tests: [not_null]
models:
  - name: orders
    description: "Orders {{ doc('orders_doc') }}"
    group: finance
    access: public
    latest_version: 2
    meta: {owner: me}
    tags: [t1]
    config:
      contract: {enforced: true}
    constraints:
      - type: primary_key
        columns: [id]
    columns:
      - name: id
        data_type: integer
        description: the id
        constraints: [{type: not_null}]
        tests: [unique]
    versions:
      - v: 1
        deprecation_date: 2999-11-01
      - v: 2
  - name: customers
    config: {materialized: table}
    columns:
      - name: id
        tests: [not_null]
exposures:
  - name: dash
    type: dashboard
    owner: {name: A, email: a@example.com}
    depends_on: [ref('customers')]
semantic_models:
  - name: customers_sm
    model: ref('customers')
    defaults: {agg_time_dimension: created}
    entities: [{name: id, type: primary}]
    dimensions:
      - {name: created, type: time, expr: current_date, type_params: {time_granularity: day}}
    measures:
      - {name: n_customers, agg: count, expr: id}
metrics:
  - name: n_customers
    label: N customers
    type: simple
    type_params: {measure: n_customers}
saved_queries:
  - name: sq
    query_params: {metrics: [n_customers]}
unit_tests:
  - name: ut_customers
    model: customers
    given:
      - input: source('raw', 'customers_src')
        rows: [{id: 1}]
    expect:
      rows: [{id: 1}]
`;

describe('the graph context variable', () => {
  let dir = '';
  before(async () => {
    dir = await newProject('flatg');
    writeProjectFile(dir, 'seeds/raw_orders.csv', 'id,amount\n1,10\n');
    writeProjectFile(dir, 'models/orders_v1.sql', "select id, amount from {{ ref('raw_orders') }}\n");
    writeProjectFile(dir, 'models/orders_v2.sql', "select id, amount from {{ ref('raw_orders') }}\n");
    // While parsing, dbt's graph is still empty: config() sees no graph.nodes.
    writeProjectFile(dir, 'models/customers.sql', "{{ config(meta={'parse_nodes': (graph.nodes | length) if graph.nodes is defined else -1}) }}\nselect id from {{ source('raw', 'customers_src') }}\n");
    // dbt refuses a semantic layer without a daily time spine.
    writeDailyTimeSpine(dir);
    writeProjectFile(dir, 'models/docs.md', '{% docs orders_doc %}the orders{% enddocs %}\n');
    writeProjectFile(dir, 'models/schema.yml', SCHEMA);
    writeProjectFile(dir, 'snapshots/snap.sql', "{% snapshot snap %}\n{{ config(unique_key='id', strategy='check', check_cols='all', target_schema='snaps') }}\nselect * from {{ ref('raw_orders') }}\n{% endsnapshot %}\n");
    writeProjectFile(
      dir,
      'macros/dump_graph.sql',
      "{% macro dump_graph() %}{% set out = {} %}{% for k in ['nodes','sources','exposures','metrics','groups','semantic_models','saved_queries','unit_tests'] %}{% do out.update({k: graph[k]}) %}{% endfor %}{{ print('GRAPH' ~ tojson(out)) }}{% endmacro %}\n",
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('holds each entry with the fields and values manifest.json writes for it', async () => {
    const parse = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(parse.code, 0, parse.err);
    const run = await runCli(['run-operation', 'dump_graph', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 0, run.err);
    const line = run.out.split('\n').find((l) => l.includes('GRAPH{'))!;
    const graph = JSON.parse(line.slice(line.indexOf('GRAPH{') + 5)) as Collections;
    const manifest = readArtifact<Collections>(dir, 'manifest.json');
    for (const key of COLLECTIONS) {
      assert.deepEqual(Object.keys(graph[key]!).sort(), Object.keys(manifest[key]!).sort(), key);
      for (const [id, entry] of Object.entries(graph[key]!)) {
        const written = { ...manifest[key]![id]! };
        const seen: Json = { ...entry };
        // When each was made; dbt's graph and manifest.json are serialized apart too.
        delete seen['created_at'];
        delete written['created_at'];
        // dbt's flat graph keeps the date as written and has no contract checksum.
        if (written['contract']) {
          const { checksum: _checksum, ...contract } = written['contract'] as Json;
          written['contract'] = contract;
        }
        if (typeof seen['deprecation_date'] === 'string') written['deprecation_date'] = seen['deprecation_date'];
        // dbt's classes drop these only when serialized as an artifact: the flat graph keeps them.
        if (key === 'nodes') {
          for (const dropped of ['config_call_dict', 'unrendered_config_call_dict', 'defer_relation']) {
            if (dropped !== 'defer_relation' || ['model', 'seed', 'snapshot'].includes(String(seen['resource_type']))) assert.ok(dropped in seen, `${id} ${dropped}`);
            delete seen[dropped];
          }
        }
        assert.deepEqual(seen, written, id);
      }
    }
    const v1 = graph['nodes']!['model.flatg.orders.v1']!;
    assert.equal(v1['deprecation_date'], '2999-11-01T00:00:00+00:00');
    assert.deepEqual(v1['contract'], { enforced: true, alias_types: true });
    assert.deepEqual(v1['primary_key'], ['id']);
    assert.equal('origin' in v1, false);
    assert.equal('compiled_code' in v1, false);
    assert.deepEqual((graph['nodes']!['model.flatg.customers']!['config'] as Json)['meta'], { parse_nodes: -1 });
  });

  test('manifest.json writes compiled members only for nodes compiled in the invocation', async () => {
    const parse = await runCli(['parse', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(parse.code, 0, parse.err);
    const parsed = readArtifact<Collections>(dir, 'manifest.json')['nodes']!['model.flatg.orders.v1']!;
    for (const key of ['compiled', 'compiled_code', 'extra_ctes_injected', 'extra_ctes', '_pre_injected_sql']) assert.equal(key in parsed, false, key);
    const compile = await runCli(['compile', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(compile.code, 0, compile.err);
    const compiled = readArtifact<Collections>(dir, 'manifest.json')['nodes']!['model.flatg.orders.v1']!;
    assert.equal(compiled['compiled'], true);
    assert.match(String(compiled['compiled_code']), /select id, amount from/);
    assert.equal(compiled['extra_ctes_injected'], true);
    assert.deepEqual(compiled['extra_ctes'], []);
    assert.equal('_pre_injected_sql' in compiled, false);
  });
});
