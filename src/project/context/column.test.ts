import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderModel as render } from './testing/make-project.js';

function predicates(dtype: string): string {
  return render(`{% set c = api.Column('x', '${dtype}') %}{{ c.is_string() }} {{ c.is_integer() }} {{ c.is_float() }} {{ c.is_numeric() }} {{ c.is_number() }}`);
}

test('type predicates match the whole type name as DuckDB reports it: DECIMAL(p,s) is no number at all', () => {
  assert.equal(predicates('DECIMAL(18,3)'), 'False False False False False');
  assert.equal(predicates('NUMERIC'), 'False False False True True');
  assert.equal(predicates('decimal'), 'False False False True True');
  for (const t of ['HUGEINT', 'UBIGINT', 'INTEGER', 'TINYINT', 'int', 'long']) assert.equal(predicates(t), 'False True False False True', t);
  for (const t of ['UHUGEINT', 'serial', 'bigserial']) assert.equal(predicates(t), 'False False False False False', t);
  for (const t of ['DOUBLE', 'REAL', 'FLOAT', 'float8']) assert.equal(predicates(t), 'False False True False True', t);
  assert.equal(predicates('double precision'), 'False False False False False');
  for (const t of ['VARCHAR', 'TEXT', 'character varying', 'character']) assert.equal(predicates(t), 'True False False False False', t);
  for (const t of ['VARCHAR(10)', 'string', 'char', 'BOOLEAN']) assert.equal(predicates(t), 'False False False False False', t);
});

test('data_type spells strings as character varying(n) and numerics with precision and scale, as dbt does', () => {
  assert.equal(render("{{ api.Column('x', 'VARCHAR').data_type }}|{{ api.Column('x', 'varchar', 10).data_type }}|{{ api.Column('x', 'text', 10).data_type }}"),
    'character varying(256)|character varying(10)|character varying(256)');
  assert.equal(render("{{ api.Column('x', 'DECIMAL(18,3)', none, 18, 3).data_type }}|{{ api.Column('x', 'numeric', none, 10, 2).data_type }}|{{ api.Column('x', 'numeric').data_type }}|{{ api.Column('x', 'INTEGER', none, 32, 0).data_type }}"),
    'DECIMAL(18,3)|numeric(10,2)|numeric|INTEGER');
  assert.equal(render("{{ api.Column('x', 'VARCHAR').literal(\"'a'\") }} {{ api.Column('x', 'numeric', none, 5, 1).literal(3) }}"), "'a'::character varying(256) 3::numeric(5,1)");
});

test('string_size, can_expand_to, quoted and the class methods behave as dbt documents', () => {
  assert.equal(render("{{ api.Column('x', 'varchar', 10).string_size() }} {{ api.Column('x', 'varchar', 10).can_expand_to(api.Column('y', 'varchar', 20)) }} {{ api.Column('x', 'varchar', 20).can_expand_to(api.Column('y', 'varchar')) }} {{ api.Column('x', 'INTEGER').can_expand_to(api.Column('y', 'varchar')) }}"),
    '10 True True False');
  assert.throws(() => render("{{ api.Column('x', 'INTEGER').string_size() }}"), /Called string_size\(\) on non-string field!/);
  assert.equal(render('{{ api.Column(\'say "hi"\', \'INTEGER\').quoted }}'), '"say "hi""');
  assert.equal(render("{{ api.Column.numeric_type('decimal', 28, 6) }} {{ api.Column.numeric_type('decimal', none, 6) }} {{ api.Column.string_type(30) }} {{ api.Column.translate_type('string') }} {{ api.Column.translate_type('integer') }} {{ api.Column.translate_type('float') }}"),
    'decimal(28,6) decimal character varying(30) TEXT integer float');
  assert.equal(render("{% set c = api.Column.create('x', 'string') %}{{ c.dtype }} {{ api.Column('x', 'string').dtype }}"), 'TEXT string');
  assert.equal(render("{% set c = api.Column.from_description('x', 'DECIMAL(18,3)') %}{{ c.dtype }} {{ c.numeric_precision }} {{ c.numeric_scale }} {{ api.Column.from_description('y', 'VARCHAR(12)').char_size }}"), 'DECIMAL 18 3 12');
  assert.equal(render("{{ api.Column('id', 'INTEGER') }}"), "DuckDBColumn(column='id', dtype='INTEGER', char_size=None, numeric_precision=None, numeric_scale=None, fields=[])");
});

test('columns compare equal when name, type and sizes all match, as dbt-duckdb\'s Column dataclass does', () => {
  assert.equal(render("{% set a = api.Column('x', 'INTEGER') %}{{ a == api.Column('x', 'INTEGER') }} {{ a in [api.Column('y', 'INTEGER'), api.Column('x', 'INTEGER')] }} {{ a != api.Column('x', 'INTEGER') }}"), 'True True False');
  assert.equal(render("{% set a = api.Column('x', 'INTEGER') %}{{ a == api.Column('x', 'BIGINT') }} {{ a == api.Column('X', 'INTEGER') }} {{ a == api.Column('x', 'INTEGER', none, 32) }} {{ a == 'x' }}"), 'False False False False');
});
