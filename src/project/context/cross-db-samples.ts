// Sample calls of every cross-database macro, as whole DuckDB queries, with the first value
// each should return. The run layer renders them (renderString, execute=True) and runs them
// on DuckDB, proving the macros produce SQL DuckDB accepts and computes as dbt documents.

/** One sample: a Jinja query and, when deterministic, its first row's first value as text. */
export interface CrossDbSample {
  macro: string;
  sql: string;
  /** String form of row 0, column 0 (null for SQL NULL); undefined when not deterministic. */
  expect?: string | null;
  /** Expected number of rows, when that is the point of the sample. */
  rows?: number;
}

/** Every cross-database macro of the `dbt` namespace, exercised once or more. */
export const CROSS_DB_SAMPLES: readonly CrossDbSample[] = [
  { macro: 'type_string', sql: "select cast('abc' as {{ dbt.type_string() }}) as v", expect: 'abc' },
  { macro: 'type_int', sql: "select cast('42' as {{ dbt.type_int() }}) as v", expect: '42' },
  { macro: 'type_bigint', sql: "select cast('9007199254740' as {{ dbt.type_bigint() }}) as v", expect: '9007199254740' },
  { macro: 'type_numeric', sql: "select cast('1.5' as {{ dbt.type_numeric() }}) = 1.5 as v", expect: 'true' },
  { macro: 'type_float', sql: "select cast('2.5' as {{ dbt.type_float() }}) as v", expect: '2.5' },
  { macro: 'type_timestamp', sql: "select cast('2024-01-02 03:04:05' as {{ dbt.type_timestamp() }}) = timestamp '2024-01-02 03:04:05' as v", expect: 'true' },
  { macro: 'type_boolean', sql: "select cast('true' as {{ dbt.type_boolean() }}) as v", expect: 'true' },
  { macro: 'hash', sql: "select {{ dbt.hash(\"'abc'\") }} as v", expect: '900150983cd24fb0d6963f7d28e17f72' },
  { macro: 'concat', sql: "select {{ dbt.concat([\"'a'\", \"'b'\", \"'c'\"]) }} as v", expect: 'abc' },
  { macro: 'dateadd', sql: "select cast({{ dbt.dateadd('day', 1, \"date '2024-02-28'\") }} as date) = date '2024-02-29' as v", expect: 'true' },
  { macro: 'dateadd', sql: "select cast({{ dbt.dateadd('month', -1, \"date '2024-03-31'\") }} as date) = date '2024-02-29' as v", expect: 'true' },
  { macro: 'datediff', sql: "select {{ dbt.datediff(\"date '2024-01-01'\", \"date '2024-03-01'\", 'day') }} as v", expect: '60' },
  { macro: 'datediff', sql: "select {{ dbt.datediff(\"date '2023-12-31'\", \"date '2024-01-01'\", 'year') }} as v", expect: '1' },
  // Weeks count the Sunday-started week boundaries crossed, not whole days / 7.
  { macro: 'datediff', sql: "select {{ dbt.datediff(\"date '2024-03-08'\", \"timestamp '2024-03-11 09:30:00'\", 'week') }} as v", expect: '1' },
  { macro: 'datediff', sql: "select {{ dbt.datediff(\"date '2024-03-12'\", \"date '2024-03-08'\", 'week') }} as v", expect: '-1' },
  { macro: 'datediff', sql: "select {{ dbt.datediff(\"date '2024-03-11'\", \"date '2024-03-16'\", 'week') }} as v", expect: '0' },
  { macro: 'date_trunc', sql: "select cast({{ dbt.date_trunc('month', \"date '2024-03-15'\") }} as date) = date '2024-03-01' as v", expect: 'true' },
  { macro: 'last_day', sql: "select {{ dbt.last_day(\"date '2024-02-10'\", 'month') }} = date '2024-02-29' as v", expect: 'true' },
  { macro: 'last_day', sql: "select {{ dbt.last_day(\"date '2024-05-10'\", 'quarter') }} = date '2024-06-30' as v", expect: 'true' },
  // dbt-duckdb keeps dbt's plain cast: a value that does not convert is an error, as under dbt.
  { macro: 'safe_cast', sql: "select {{ dbt.safe_cast(\"'12'\", dbt.type_int()) }} + 1 as v", expect: '13' },
  { macro: 'cast', sql: "select {{ dbt.cast(\"'7'\", dbt.type_int()) }} + 1 as v", expect: '8' },
  { macro: 'split_part', sql: "select {{ dbt.split_part(\"'a,b,c'\", \"','\", 2) }} as v", expect: 'b' },
  { macro: 'split_part', sql: "select {{ dbt.split_part(\"'a,b,c'\", \"','\", -1) }} as v", expect: 'c' },
  // Past the last part: '', as dbt-duckdb's split_part coalesces it.
  { macro: 'split_part', sql: "select {{ dbt.split_part(\"'a,b'\", \"','\", 5) }} = '' as v", expect: 'true' },
  { macro: 'current_timestamp', sql: 'select {{ dbt.current_timestamp() }} is not null as v', expect: 'true' },
  { macro: 'current_timestamp_backcompat', sql: 'select {{ dbt.current_timestamp_backcompat() }} is not null as v', expect: 'true' },
  { macro: 'current_timestamp_in_utc_backcompat', sql: 'select {{ dbt.current_timestamp_in_utc_backcompat() }} is not null as v', expect: 'true' },
  { macro: 'snapshot_get_time', sql: 'select {{ dbt.snapshot_get_time() }} is not null as v', expect: 'true' },
  { macro: 'any_value', sql: "select {{ dbt.any_value('x') }} as v from (values (5), (5)) as t(x)", expect: '5' },
  { macro: 'bool_or', sql: "select {{ dbt.bool_or('x') }} as v from (values (true), (false)) as t(x)", expect: 'true' },
  { macro: 'listagg', sql: "select {{ dbt.listagg('x', \"', '\", 'order by x') }} as v from (values ('b'), ('a'), ('c')) as t(x)", expect: 'a, b, c' },
  { macro: 'listagg', sql: "select {{ dbt.listagg('x', \"'-'\", 'order by x desc', 2) }} as v from (values ('b'), ('a'), ('c')) as t(x)", expect: 'c-b' },
  { macro: 'listagg', sql: "select {{ dbt.listagg('x') }} as v from (values ('a')) as t(x)", expect: 'a' },
  { macro: 'position', sql: "select {{ dbt.position(\"'c'\", \"'abc'\") }} as v", expect: '3' },
  { macro: 'replace', sql: "select {{ dbt.replace(\"'a-b-c'\", \"'-'\", \"'+'\") }} as v", expect: 'a+b+c' },
  { macro: 'right', sql: "select {{ dbt.right(\"'abcdef'\", 2) }} as v", expect: 'ef' },
  { macro: 'length', sql: "select {{ dbt.length(\"'abcd'\") }} as v", expect: '4' },
  { macro: 'escape_single_quotes', sql: "select '{{ dbt.escape_single_quotes(\"it's\") }}' as v", expect: "it's" },
  { macro: 'string_literal', sql: "select {{ dbt.string_literal('hello') }} as v", expect: 'hello' },
  { macro: 'cast_bool_to_text', sql: "select {{ dbt.cast_bool_to_text('true') }} as v", expect: 'true' },
  { macro: 'equals', sql: "select count(*) as v from (values (1, 1), (1, 2), (null, null)) as t(a, b) where {{ dbt.equals('a', 'b') }}", expect: '1' },
  { macro: 'except', sql: 'select v from (select 1 as v union all select 2) as a {{ dbt.except() }} select 2', expect: '1' },
  { macro: 'intersect', sql: 'select v from (select 1 as v union all select 2) as a {{ dbt.intersect() }} select 2', expect: '2' },
  { macro: 'array_construct', sql: 'select len({{ dbt.array_construct([1, 2, 3]) }}) as v', expect: '3' },
  { macro: 'array_construct', sql: "select len({{ dbt.array_construct([], 'integer') }}) as v", expect: '0' },
  { macro: 'array_append', sql: 'select len({{ dbt.array_append(dbt.array_construct([1]), 2) }}) as v', expect: '2' },
  { macro: 'array_concat', sql: 'select len({{ dbt.array_concat(dbt.array_construct([1]), dbt.array_construct([2, 3])) }}) as v', expect: '3' },
  { macro: 'date', sql: "select {{ dbt.date(2024, 2, 29) }} = date '2024-02-29' as v", expect: 'true' },
  { macro: 'get_powers_of_two', sql: 'select {{ dbt.get_powers_of_two(5) }} as v', expect: '3' },
  { macro: 'generate_series', sql: 'select count(*) as v from ({{ dbt.generate_series(5) }}) as s', expect: '5' },
  { macro: 'get_intervals_between', sql: "select {{ dbt.get_intervals_between(\"date '2024-01-01'\", \"date '2024-01-11'\", 'day') }} as v", expect: '10' },
  { macro: 'date_spine', sql: "select count(*) as v from ({{ dbt.date_spine('day', \"cast('2024-01-01' as date)\", \"cast('2024-01-05' as date)\") }}) as s", expect: '4' },
];
