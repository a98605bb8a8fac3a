// End to end: the entries of catalog.json for each kind of relation dbt-duckdb lists (views,
// tables, incremental, external, seeds, snapshots, sources, other attached databases) with
// their types, columns and persisted comments as DuckDB reports them; what it leaves out
// (ephemeral and disabled models, sources missing from the warehouse); and validity against
// dbt's catalog v1 schema.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from '../../cli/test-helpers.js';
import { loadSchemaValidator } from '../../run/artifacts/schema-validator.js';

interface Entry {
  metadata: { type: string; schema: string; name: string; database: string | null; comment: string | null; owner: string | null };
  columns: Record<string, { type: string; index: number; name: string; comment: string | null }>;
  stats: Record<string, { value: unknown }>;
  unique_id: string;
}
interface Catalog {
  nodes: Record<string, Entry>;
  sources: Record<string, Entry>;
  errors: string[] | null;
}

const PROJECT_YAML = `on-run-start:
  - "create table if not exists main.raw_events (event_id integer, \\"Kind\\" varchar)"
  - "create schema if not exists archive.landing"
  - "create table if not exists archive.landing.visits (visit_id integer, seen_at timestamp)"
models:
  cinema:
    +persist_docs: {relation: true, columns: true}
seeds:
  cinema:
    +persist_docs: {relation: true, columns: true}
snapshots:
  cinema:
    +persist_docs: {relation: true, columns: true}
`;

const SCHEMA = `sources:
  - name: raw
    schema: main
    tables:
      - name: raw_events
        columns:
          - name: event_id
            description: "The event's key"
          - name: kind
            description: written in another case than the warehouse's column
      - name: never_loaded
  - name: landing
    database: archive
    schema: landing
    tables:
      - name: visits
models:
  - name: screenings
    description: '{{ doc("screenings") }}'
    columns:
      - name: screening_id
        description: "It's the key"
      - name: title
        description: 'Shown as "Title"'
      - name: seats
  - name: screenings_view
    description: A view
    columns:
      - name: title
        description: The title
  - name: screenings_log
    description: Appended to
  - name: screenings_file
    description: Written to Parquet
    columns:
      - name: screening_id
        description: Key in the file
  - name: Marquee
    columns:
      - name: Headline
        quote: true
        description: Quoted column
seeds:
  - name: films
    description: Every film
    columns:
      - name: film_id
        description: Key of the film
snapshots:
  - name: films_history
    description: Film history
`;

describe('catalog.json entries', () => {
  let dir = '';
  let catalog: Catalog;
  before(async () => {
    dir = await newProject('cinema', PROJECT_YAML);
    writeProjectFile(dir, 'profiles.yml', 'cinema:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: cinema.duckdb\n      attach:\n        - path: archive.duckdb\n');
    writeProjectFile(dir, 'seeds/films.csv', 'film_id,title,runtime,released\n1,Heat,2.5,1995-12-15\n2,Ran,2.7,1985-06-01\n');
    writeProjectFile(dir, 'models/docs.md', `{% docs screenings %}\nOne row per screening — "premieres" and 'reruns'.\n{% enddocs %}\n`);
    writeProjectFile(dir, 'models/screenings.sql', "{{ config(materialized='table') }}\nselect film_id as screening_id, title, 120::smallint as seats, runtime::decimal(6,2) as hours, [1, 2] as rows_used, {'a': 1} as extras from {{ ref('films') }}\n");
    writeProjectFile(dir, 'models/screenings_view.sql', "select screening_id, title from {{ ref('screenings') }}\n");
    writeProjectFile(dir, 'models/screenings_log.sql', "{{ config(materialized='incremental') }}\nselect screening_id from {{ ref('screenings') }}\n");
    writeProjectFile(dir, 'models/screenings_file.sql', "{{ config(materialized='external', location='screenings_file.parquet') }}\nselect screening_id, title from {{ ref('screenings') }}\n");
    writeProjectFile(dir, 'models/Marquee.sql', "{{ config(materialized='table', alias='Marquee') }}\nselect 'Heat' as \"Headline\"\n");
    writeProjectFile(dir, 'models/trailer.sql', "{{ config(materialized='ephemeral') }}\nselect 1 as trailer_id\n");
    writeProjectFile(dir, 'models/trailers.sql', "select * from {{ ref('trailer') }}\n");
    writeProjectFile(dir, 'models/retired.sql', "{{ config(enabled=false) }}\nselect 1 as retired_id\n");
    writeProjectFile(dir, 'models/events.sql', "select * from {{ source('raw', 'raw_events') }}\n");
    writeProjectFile(dir, 'models/visits_mart.sql', "{{ config(materialized='table', database='archive', schema='mart') }}\nselect * from {{ source('landing', 'visits') }}\n");
    writeProjectFile(dir, 'models/schema.yml', SCHEMA);
    writeProjectFile(dir, 'snapshots/films_history.sql', "{% snapshot films_history %}\n{{ config(target_schema='history', unique_key='film_id', strategy='check', check_cols='all') }}\nselect film_id, title from {{ ref('films') }}\n{% endsnapshot %}\n");
    const build = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(build.code, 0, build.out + build.err);
    const docs = await runCli(['docs', 'generate', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(docs.code, 0, docs.out + docs.err);
    catalog = readArtifact<Catalog>(dir, 'catalog.json');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('validates against the catalog v1 schema, with no errors', () => {
    const r = loadSchemaValidator('catalog/v1.json')(catalog);
    assert.ok(r.valid, r.errors);
    assert.equal(catalog.errors, null);
  });

  test("lists every built relation in the order of dbt-duckdb's catalog query (database, schema, name), leaving out ephemeral and disabled models and sources not in the warehouse", () => {
    assert.deepEqual(Object.keys(catalog.nodes), [
      'model.cinema.visits_mart',
      'snapshot.cinema.films_history',
      'model.cinema.Marquee',
      'model.cinema.events',
      'seed.cinema.films',
      'model.cinema.screenings',
      'model.cinema.screenings_file',
      'model.cinema.screenings_log',
      'model.cinema.screenings_view',
      'model.cinema.trailers',
    ]);
    assert.deepEqual(Object.keys(catalog.sources), ['source.cinema.landing.visits', 'source.cinema.raw.raw_events']);
    for (const [id, entry] of [...Object.entries(catalog.nodes), ...Object.entries(catalog.sources)]) assert.equal(entry.unique_id, id);
  });

  test('metadata: the relation type as DuckDB names it, its schema, name, database and persisted comment', () => {
    const meta = (id: string) => catalog.nodes[id]!.metadata;
    assert.deepEqual(meta('model.cinema.screenings'), { type: 'BASE TABLE', schema: 'main', name: 'screenings', database: 'cinema', comment: `One row per screening — "premieres" and 'reruns'.`, owner: null });
    assert.deepEqual(meta('model.cinema.screenings_view'), { type: 'VIEW', schema: 'main', name: 'screenings_view', database: 'cinema', comment: 'A view', owner: null });
    assert.equal(meta('model.cinema.screenings_log').comment, 'Appended to');
    // An external model is a view over its file.
    assert.deepEqual([meta('model.cinema.screenings_file').type, meta('model.cinema.screenings_file').comment], ['VIEW', 'Written to Parquet']);
    assert.deepEqual([meta('model.cinema.Marquee').name, meta('model.cinema.trailers').comment], ['Marquee', null]);
    assert.deepEqual(meta('model.cinema.visits_mart'), { type: 'BASE TABLE', schema: 'main_mart', name: 'visits_mart', database: 'archive', comment: null, owner: null });
    assert.deepEqual([meta('seed.cinema.films').comment, meta('snapshot.cinema.films_history').schema, meta('snapshot.cinema.films_history').comment], ['Every film', 'history', 'Film history']);
    assert.deepEqual(catalog.sources['source.cinema.landing.visits']!.metadata, { type: 'BASE TABLE', schema: 'landing', name: 'visits', database: 'archive', comment: null, owner: null });
  });

  test("columns: DuckDB's type text, 1-based index and the persisted descriptions (empty ones as empty comments)", () => {
    assert.deepEqual(catalog.nodes['model.cinema.screenings']!.columns, {
      screening_id: { type: 'INTEGER', index: 1, name: 'screening_id', comment: "It's the key" },
      title: { type: 'VARCHAR', index: 2, name: 'title', comment: 'Shown as "Title"' },
      seats: { type: 'SMALLINT', index: 3, name: 'seats', comment: '' },
      hours: { type: 'DECIMAL(6,2)', index: 4, name: 'hours', comment: null },
      rows_used: { type: 'INTEGER[]', index: 5, name: 'rows_used', comment: null },
      extras: { type: 'STRUCT(a INTEGER)', index: 6, name: 'extras', comment: null },
    });
    assert.deepEqual(catalog.nodes['model.cinema.screenings_view']!.columns['title'], { type: 'VARCHAR', index: 2, name: 'title', comment: 'The title' });
    assert.equal(catalog.nodes['model.cinema.screenings_file']!.columns['screening_id']!.comment, 'Key in the file');
    assert.equal(catalog.nodes['model.cinema.Marquee']!.columns['Headline']!.comment, 'Quoted column');
    assert.equal(catalog.nodes['seed.cinema.films']!.columns['film_id']!.comment, 'Key of the film');
    assert.deepEqual(Object.keys(catalog.nodes['snapshot.cinema.films_history']!.columns), ['film_id', 'title', 'dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']);
  });

  test("a source column's comment is the warehouse's, never its YAML description (dbt 1.10's catalog)", () => {
    const columns = catalog.sources['source.cinema.raw.raw_events']!.columns;
    assert.equal(columns['event_id']!.comment, null);
    assert.equal(columns['Kind']!.comment, null);
  });

  test('stats: has_stats on every entry, never included', () => {
    for (const entry of [...Object.values(catalog.nodes), ...Object.values(catalog.sources)]) {
      assert.ok(entry.stats['has_stats'], entry.unique_id);
    }
    assert.equal(catalog.nodes['model.cinema.screenings_view']!.stats['has_stats']!.value, false);
  });
});
