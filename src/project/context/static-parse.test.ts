import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsedStatically } from './static-parse.js';

test('SQL whose only Jinja is ref, source and config calls with literal arguments is read statically', () => {
  for (const sql of [
    'select 1',
    "select * from {{ ref('a') }} join {{ ref('pkg', 'b') }} using (id)",
    "{{ config(materialized='table', tags=['x', 'y'], meta={'k': True}) }}\nselect * from {{ source('raw', 'events') }}",
    "select * from {{ source(source_name='raw', table_name='events') }}, {{ source('raw', table_name='e') }}",
    "select * from {{ ref('a', v=2) }}, {{ ref('b', version='3') }}",
    "select '}}' as x from {{ ref( 'a' ) }}",
  ]) assert.equal(parsedStatically(sql, false), true, sql);
});

test('statements, comments, other calls, non-literal arguments and hooks in config() send the model to Jinja', () => {
  for (const sql of [
    "{% if is_incremental() %}select 1{% endif %}",
    "{# note #}select * from {{ ref('a') }}",
    "select * from {{ this }}",
    "select {{ var('x') }}",
    "select * from {{ ref(name) }}",
    "select * from {{ ref('a') ~ '' }}",
    "{{ config(post_hook='select 1') }}select 1",
    "{{ config('table') }}select 1",
    "select * from {{ source('raw') }}",
    "select * from {{ source(table_name='e', source_name='raw') }}",
    "select * from {{ ref('a', 'b', 'c') }}",
    "select * from {{ ref('a')",
  ]) assert.equal(parsedStatically(sql, false), false, sql);
  assert.equal(parsedStatically("select * from {{ ref('a') }}", true), false);
});
