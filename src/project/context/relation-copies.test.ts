import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, makeSource, RENDER_OPTIONS } from './testing/make-project.js';

// Projects often override source() (or ref()) to drop the database from every name; the copy
// include() returns must still be read the way the original was.
const SOURCE_WITHOUT_DATABASE = `{% macro source(source_name, table_name) %}
{% do return(builtins.source(source_name, table_name).include(database=False)) %}
{% endmacro %}`;

test("--empty still reads zero rows from a relation copied with include(), as dbt keeps the limit", () => {
  const model = makeNode({ name: 'stg_orders', raw_code: "select * from {{ source('raw', 'orders') }} join {{ ref('tills').quote(identifier=False) }} using (id)" });
  const tills = makeNode({ name: 'tills', raw_code: 'select 1 as id' }, { materialized: 'table' });
  const project = makeProject({ nodes: [model, tills], sources: [makeSource('raw', 'orders')], macros: { 'source.sql': SOURCE_WITHOUT_DATABASE } });
  const renderer = createRenderer(project, { ...RENDER_OPTIONS, flags: { EMPTY: true } });
  const manifest = renderer.parse(project.manifest);
  assert.equal(
    renderer.compile(manifest.nodes[model.unique_id]!, manifest),
    'select * from (select * from "raw"."orders" where false limit 0) join (select * from "warehouse"."main".tills where false limit 0) using (id)',
  );
});

test("a microbatch batch still filters an input copied with include(), as dbt keeps the event-time filter", () => {
  const clicks = makeNode({ name: 'clicks', raw_code: 'select 1 as id' }, { materialized: 'table', event_time: 'clicked_at' });
  const model = makeNode(
    { name: 'clicks_daily', raw_code: "select * from {{ ref('clicks').include(database=False) }}" },
    { materialized: 'incremental', incremental_strategy: 'microbatch', event_time: 'clicked_at', begin: '2024-01-01', batch_size: 'day' },
  );
  const project = makeProject({ nodes: [clicks, model] });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  const batch = { start: new Date('2024-03-01T00:00:00Z'), end: new Date('2024-03-02T00:00:00Z') };
  assert.equal(
    renderer.compile(manifest.nodes[model.unique_id]!, manifest, { batch }),
    `select * from (select * from "main"."clicks" where clicked_at >= '2024-03-01 00:00:00+00:00' and clicked_at < '2024-03-02 00:00:00+00:00')`,
  );
});
