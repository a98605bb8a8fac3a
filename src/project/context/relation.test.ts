import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, makeSource, RENDER_OPTIONS } from './testing/make-project.js';
import { Relation, relationFields } from './relation.js';

function render(code: string, macros: Record<string, string> = {}, flags: Record<string, unknown> = {}): string {
  const upstream = makeNode({ name: 'orders', raw_code: 'select 1' });
  const inlined = makeNode({ name: 'recent', raw_code: 'select 2' }, { materialized: 'ephemeral' });
  const built = makeNode({ name: 'totals', raw_code: 'select 3' }, { materialized: 'table' });
  const node = makeNode({ name: 'a', raw_code: code }, { materialized: 'incremental' });
  const project = makeProject({ nodes: [node, upstream, inlined, built], sources: [makeSource('raw', 'tills')], macros });
  const renderer = createRenderer(project, { ...RENDER_OPTIONS, flags });
  const manifest = renderer.parse(project.manifest);
  return renderer.compile(manifest.nodes[node.unique_id]!, manifest);
}

const CREATE = "{% set r = api.Relation.create(database='db', schema='s', identifier='t', type='table') %}";

test('a relation is a mapping whose metadata names a Relation class, as packages check', () => {
  assert.equal(render(`${CREATE}{{ r is mapping }} {{ r.get('metadata', {}).get('type', '').endswith('Relation') }}`), 'True True');
  assert.equal(render("{{ ref('orders') is mapping }} {{ this is mapping }}"), 'True True');
  const guard = "{% macro needs_relation(x) %}{% if x is mapping and x.get('metadata', {}).get('type', '')[-8:] == 'Relation' %}yes{% else %}no{% endif %}{% endmacro %}";
  assert.equal(render("{{ needs_relation(ref('orders')) }} {{ needs_relation('orders') }} {{ needs_relation({'a': 1}) }}", { 'guard.sql': guard }), 'yes no no');
});

test('relation keys and items read like dbt: fields iterate, attributes answer item lookups', () => {
  assert.equal(render(`${CREATE}{{ r['schema'] }}.{{ r['identifier'] }} {{ r['path']['database'] }} {{ r['type'] }}`), 's.t db table');
  assert.equal(render(`${CREATE}{{ 'schema' in r }} {{ 'nope' in r }} {{ r.get('nope', 'fallback') }} {{ r.get('nope') }}`), 'True False fallback None');
  assert.equal(render(`${CREATE}{{ 'path' in (r | list) }} {{ 'quote_policy' in (r | list) }} {{ r | length > 0 }} {{ r.get('include')(database=False) }}`), 'True True True "s"."t"');
});

test('a relation still renders, compares and keys a dict by itself', () => {
  assert.equal(render(`${CREATE}{{ r }} {{ r.name }} {{ r.include(database=False) }}`), '"db"."s"."t" t "s"."t"');
  assert.equal(render(`${CREATE}{% set cols = {} %}{% do cols.update({r: []}) %}{% do cols[r].append('id') %}{{ cols[r] }} {{ r == api.Relation.create(database='db', schema='s', identifier='t', type='table') }}`), "['id'] True");
  assert.equal(render(`${CREATE}{% if r %}truthy{% endif %}`), 'truthy');
});

test('a second relation to the same table finds the dict entry and set member the first one made, as dbt hashes a relation by its name', () => {
  const AGAIN = "{% set r2 = api.Relation.create(database='db', schema='s', identifier='t', type='table') %}";
  assert.equal(render(`${CREATE}${AGAIN}{% set cache = {r: ['id']} %}{{ r2 in cache }} {{ cache[r2] }} {{ cache.get(r2) }}`), "True ['id'] ['id']");
  assert.equal(render(`${CREATE}${AGAIN}{% set cache = {} %}{% do cache.update({r: 1}) %}{% do cache.update({r2: 2}) %}{{ cache | length }} {{ cache[r] }}`), '1 2');
  assert.equal(render(`${CREATE}${AGAIN}{{ [r, r2] | unique | list | length }} {{ r2 in [r] }}`), '1 True');
  // the rendered name as a plain string is another key, as in Python
  assert.equal(render(`${CREATE}{% set cache = {r: 1} %}{{ ('"db"."s"."t"') in cache }} {{ ref('orders') in cache }}`), 'False False');
});

test('api.Relation names ephemeral CTEs the way refs to ephemeral models are named', () => {
  assert.equal(render("{{ api.Relation.add_ephemeral_prefix('recent') }}"), '__dbt__cte__recent');
  // a package strips the prefix from a ref to an ephemeral model to name it in an error
  // (the compiled SQL starts with the injected CTE, so only its end is compared)
  const out = render("{% set r = ref('recent') %}{% set p = api.Relation.add_ephemeral_prefix('') %}{{ r.is_cte }} {{ r.name.startswith(p) }} {{ r.name[p | length:] }} {{ ref('orders').is_cte }}");
  assert.ok(out.endsWith(') True True recent False'), out);
});

test('a relation read as a mapping lists its fields in order, whatever was read of it first', () => {
  const fields = "['path', 'type', 'quote_character', 'include_policy', 'quote_policy']";
  // printed and read by attribute first, then as a mapping
  assert.equal(render(`${CREATE}{{ r }} {{ r.schema }} {{ r | list }} {{ r | length }}`), `"db"."s"."t" s ${fields} 5`);
  assert.equal(render(`{% set r = ref('orders') %}{{ r.identifier }} {{ r.keys() | list }} {{ r['type'] }}`), `orders ${fields} None`);
  assert.equal(render(`${CREATE}{{ r.name }}{% for k in r %};{{ k }}={{ r[k] }}{% endfor %}`), "t;path={'database': 'db', 'schema': 's', 'identifier': 't'};type=table;quote_character=\";include_policy={'database': True, 'schema': True, 'identifier': True};quote_policy={'database': True, 'schema': True, 'identifier': True}");
  // host code sees the same entries
  const rel = new Relation({ database: 'db', schema: 's', identifier: 't', type: 'view', quotePolicy: { database: true, schema: true, identifier: true }, includePolicy: { database: true, schema: false, identifier: true } });
  assert.equal(rel.identifier, 't');
  assert.deepEqual([...rel].map(([k]) => k), ['path', 'type', 'quote_character', 'include_policy', 'quote_policy']);
  assert.equal(rel.size, 5);
  assert.deepEqual(rel.get('include_policy'), { database: true, schema: false, identifier: true });
  const seen: string[] = [];
  new Relation(relationFields(rel)).forEach((_v, k) => seen.push(k));
  assert.deepEqual(seen, ['path', 'type', 'quote_character', 'include_policy', 'quote_policy']);
});

test('a relation inside a list or dict prints as its repr, <DuckDBRelation "db"."s"."t">, and alone as its name', () => {
  assert.equal(render(`${CREATE}{{ [r] }} {{ {'k': r} }} {{ r }} {{ [ref('orders')] }}`), `[<DuckDBRelation "db"."s"."t">] {'k': <DuckDBRelation "db"."s"."t">} "db"."s"."t" [<DuckDBRelation "warehouse"."main"."orders">]`);
});

test("relation.information_schema(view) renders as dbt's InformationSchema: the database, then INFORMATION_SCHEMA and the view unquoted", () => {
  assert.equal(render(`${CREATE}{{ r.information_schema('COLUMNS') }} {{ r.information_schema() }}`), '"db".INFORMATION_SCHEMA.COLUMNS "db".INFORMATION_SCHEMA');
  assert.equal(render("{{ api.Relation.create(database='db', schema='s').information_schema('tables') }}"), '"db".INFORMATION_SCHEMA.tables');
});

test('ref(), source() and this carry no type, as dbt creates them; a materialization incorporates one', () => {
  // the model is incremental and totals a table: neither names the relation's type
  assert.equal(render("{{ this.type }} {{ this.is_table }} {{ this.is_view }} {{ ref('totals').type }} {{ ref('orders').is_view }} {{ source('raw', 'tills').type }} {{ source('raw', 'tills').is_table }}"), 'None False False None False None False');
  assert.equal(render("{{ this.incorporate(type='table').is_table }} {{ ref('totals').incorporate(type='view').type }}"), 'True view');
  // a ref to an ephemeral model is a CTE relation
  assert.ok(render("{{ ref('recent').type }} {{ ref('recent').is_cte }}").endsWith(' cte True'));
});

test('relations compare field by field, as dbt dataclasses do: type, policies and the --empty limit count', () => {
  const same = "{% set made = api.Relation.create(database='warehouse', schema='raw', identifier='tills') %}";
  assert.equal(render(`${same}{{ source('raw', 'tills') == made }} {{ source('raw', 'tills') != made }} {{ ref('totals') == ref('totals') }} {{ this == api.Relation.create(database=this.database, schema=this.schema, identifier=this.identifier) }}`), 'True False True True');
  // the same table with a type, another quoting or include policy is another relation
  assert.equal(render(`${same}{{ made == made.incorporate(type='table') }} {{ made == made.quote(identifier=False) }} {{ made == made.include(database=False) }} {{ made.incorporate(type='table') == made.incorporate(type='table') }}`), 'False False False True');
  // a ref to an ephemeral model is what dbt's create_ephemeral_from builds
  assert.ok(render("{{ ref('recent') == api.Relation.create(identifier='__dbt__cte__recent', type='cte').quote(identifier=False) }}").endsWith(' True'));
  // under --empty a ref carries its limit: no longer the relation of the same name
  assert.equal(render(`${same}{{ source('raw', 'tills') == made }} {{ ref('totals') == ref('totals') }}`, {}, { EMPTY: true }), 'False True');
});

test('a relation is in a list, dict or set only beside an equal relation, as Python finds it', () => {
  const rels = "{% set made = api.Relation.create(database='warehouse', schema='raw', identifier='tills') %}{% set typed = made.incorporate(type='table') %}";
  assert.equal(render(`${rels}{{ source('raw', 'tills') in [made] }} {{ typed in [made] }} {{ typed in [ref('totals'), typed] }} {{ typed not in [made] }}`), 'True False True True');
  assert.equal(render(`${rels}{% set cache = {made: 1} %}{{ source('raw', 'tills') in cache }} {{ typed in cache }} {{ cache.get(typed, 'miss') }} {{ [made, typed, source('raw', 'tills')] | unique | list | length }}`), 'True False miss 2');
});

test('api.Relation names the relation types a materialization incorporates, as dbt\'s class properties do', () => {
  assert.equal(render('{{ api.Relation.Table }} {{ api.Relation.View }} {{ api.Relation.CTE }} {{ api.Relation.External }} {{ api.Relation.MaterializedView }} {{ api.Relation.PointerTable }}'), 'table view cte external materialized_view pointer_table');
  assert.equal(render("{% set r = this.incorporate(type=api.Relation.View) %}{{ r.type }} {{ r.is_view }} {{ r.is_pointer }} {{ this.incorporate(type=api.Relation.PointerTable).is_pointer }}"), 'view True False True');
});

test('without_identifier() drops the identifier from the path, so it equals the schema relation made from its parts', () => {
  const schemaOnly = "api.Relation.create(database='warehouse', schema='raw').include(identifier=False)";
  assert.equal(render(`{% set s = source('raw', 'tills').without_identifier() %}{{ s }} {{ s.identifier }} {{ s.name }} {{ s == ${schemaOnly} }} {{ s.include(identifier=True) }}`), '"warehouse"."raw" None None True "warehouse"."raw"');
});
