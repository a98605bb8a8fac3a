// End to end: `docs generate` builds catalog.json with the project's duckdb__get_catalog when it
// has one, as dbt runs the get_catalog macro: the rows it returns are the catalog, in dbt's shape
// (table_*, column_*, stats:<id>:<field> columns), kept to the project's schemas. dbt-duckdb
// declares no metadata-by-relation support, so get_catalog_relations is never asked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';
import { loadSchemaValidator } from '../run/artifacts/schema-validator.js';

interface Catalog {
  nodes: Record<string, { metadata: Record<string, unknown>; columns: Record<string, Record<string, unknown>>; stats: Record<string, Record<string, unknown>> }>;
  sources: Record<string, unknown>;
}

const OVERRIDE = `{% macro duckdb__get_catalog(information_schema, schemas) -%}
  {%- call statement('catalog', fetch_result=True) -%}
    select
        '{{ information_schema.database }}' as table_database,
        t.table_schema,
        t.table_name,
        t.table_type,
        'kept by ' || '{{ schemas | join(",") }}' as table_comment,
        c.column_name,
        c.ordinal_position as column_index,
        c.data_type as column_type,
        null as column_comment,
        'archivist' as table_owner,
        'Shelf' as "stats:shelf:label",
        7 as "stats:shelf:value",
        'where it is kept' as "stats:shelf:description",
        true as "stats:shelf:include",
        'Hidden' as "stats:hidden:label",
        1 as "stats:hidden:value",
        'not shown' as "stats:hidden:description",
        false as "stats:hidden:include"
    from information_schema.tables t
    join information_schema.columns c on t.table_schema = c.table_schema and t.table_name = c.table_name
    order by t.table_schema, t.table_name, c.ordinal_position
  {%- endcall -%}
  {{ return(load_result('catalog').table) }}
{%- endmacro %}
`;

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);

before(async () => {
  dir = await newProject('archive', 'models:\n  archive:\n    +materialized: table\n');
  writeProjectFile(dir, 'models/boxes.sql', "select 1 as box_id, 'maps' as contents\n");
  writeProjectFile(dir, 'macros/stray.sql', "{% macro make_stray() %}{% do run_query('create schema if not exists elsewhere; create or replace table elsewhere.boxes as select 2 as box_id') %}{% endmacro %}\n");
  assert.equal((await cli('run', '-q')).code, 0);
  // A table outside the project's schemas: the override returns it, and the catalog leaves it out.
  assert.equal((await cli('run-operation', 'make_stray', '-q')).code, 0);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('without an override the catalog is the built-in one', async () => {
  const run = await cli('docs', 'generate', '-q');
  assert.equal(run.code, 0, run.out + run.err);
  const catalog = readArtifact<Catalog>(dir, 'catalog.json');
  const boxes = catalog.nodes['model.archive.boxes']!;
  assert.equal(boxes.metadata['comment'], null);
  assert.equal(boxes.stats['row_count']?.['value'], 1);
});

test("docs generate runs the project's duckdb__get_catalog and writes its rows as dbt shapes them", async () => {
  writeProjectFile(dir, 'macros/catalog.sql', OVERRIDE);
  const run = await cli('docs', 'generate', '-q');
  assert.equal(run.code, 0, run.out + run.err);
  const catalog = readArtifact<Catalog>(dir, 'catalog.json');
  assert.ok(loadSchemaValidator('catalog/v1.json')(catalog).valid);
  assert.deepEqual(Object.keys(catalog.nodes), ['model.archive.boxes']);
  const boxes = catalog.nodes['model.archive.boxes']!;
  assert.deepEqual(boxes.metadata, { type: 'BASE TABLE', schema: 'main', name: 'boxes', database: 'archive', comment: 'kept by main', owner: 'archivist' });
  assert.deepEqual(boxes.columns['contents'], { type: 'VARCHAR', index: 2, name: 'contents', comment: null });
  assert.deepEqual(Object.keys(boxes.stats).sort(), ['has_stats', 'shelf']);
  assert.deepEqual(boxes.stats['shelf'], { id: 'shelf', label: 'Shelf', value: 7, include: true, description: 'where it is kept' });
  assert.equal(boxes.stats['has_stats']?.['value'], true);
});

test('a duckdb__get_catalog_relations of the project is never asked: dbt-duckdb reads the catalog by schemas, then keeps the selection', async () => {
  writeProjectFile(dir, 'macros/catalog_relations.sql', OVERRIDE
    .replace('duckdb__get_catalog(information_schema, schemas)', 'duckdb__get_catalog_relations(information_schema, relations)')
    .replace(`'kept by ' || '{{ schemas | join(",") }}'`, "'asked for ' || '{% for r in relations %}{{ r.identifier }}{% endfor %}'"));
  for (const flags of [[], ['--no-compile'], ['--select', 'boxes']]) {
    const run = await cli('docs', 'generate', '-q', ...flags);
    assert.equal(run.code, 0, run.out + run.err);
    assert.equal(readArtifact<Catalog>(dir, 'catalog.json').nodes['model.archive.boxes']!.metadata['comment'], 'kept by main', flags.join(' '));
  }
  const elsewhere = await cli('docs', 'generate', '-q', '--select', 'no_such_model');
  assert.equal(elsewhere.code, 0, elsewhere.out + elsewhere.err);
  assert.deepEqual(readArtifact<Catalog>(dir, 'catalog.json').nodes, {});
});

test('a get_catalog that fails leaves its error in the catalog: written, warned about, and the command fails', async () => {
  writeProjectFile(dir, 'macros/catalog.sql', "{% macro duckdb__get_catalog(information_schema, schemas) -%}\n  {% do run_query('select * from no_such_shelf') %}\n{%- endmacro %}\n");
  const run = await cli('docs', 'generate');
  assert.equal(run.code, 1, run.out + run.err);
  const catalog = readArtifact<Catalog & { errors: string[] | null }>(dir, 'catalog.json');
  assert.ok(loadSchemaValidator('catalog/v1.json')(catalog).valid);
  assert.deepEqual([catalog.nodes, catalog.sources], [{}, {}]);
  assert.equal(catalog.errors?.length, 1);
  assert.match(catalog.errors[0]!, /no_such_shelf/u);
  const text = run.out + run.err;
  assert.match(text, /Encountered an error while generating catalog: .*no_such_shelf/u);
  assert.match(text, /dbt encountered 1 failure while writing the catalog\n.*Catalog written to /u);
});
