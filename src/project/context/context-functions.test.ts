import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRenderer } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';
import type { CompiledNode } from '../types.js';

function renderOne(code: string, extra: Parameters<typeof makeProject>[0] = {}, nodeExtra: Partial<CompiledNode> = {}, options: Record<string, unknown> = {}): string {
  const node = makeNode({ name: 'a', raw_code: code, ...nodeExtra });
  const project = makeProject({ ...extra, nodes: [node, ...(extra.nodes ?? [])] });
  const renderer = createRenderer(project, { ...RENDER_OPTIONS, ...options });
  const manifest = renderer.parse(project.manifest);
  return renderer.compile(manifest.nodes[node.unique_id]!, manifest);
}

test('target exposes the profile keys and dbt names; flags, execute and invocation values are set', () => {
  assert.equal(
    renderOne('{{ target.name }} {{ target.type }} {{ target.schema }} {{ target.database }} {{ target.threads }} {{ target.profile_name }} {{ target.path }}'),
    'dev duckdb main warehouse 4 shop /project/warehouse.duckdb',
  );
  assert.equal(renderOne('{{ flags.FULL_REFRESH }} {{ flags.WHICH }}', {}, {}, { flags: { full_refresh: true, which: 'build' } }), 'True build');
  assert.equal(renderOne('{{ invocation_id }} {{ project_name }} {{ database }} {{ schema }}'), '00000000-0000-0000-0000-000000000000 shop warehouse main');
  assert.equal(renderOne("{{ run_started_at.strftime('%Y-%m-%d %H:%M:%S') }} {{ run_started_at.isoformat() }}"), '2024-03-01 12:34:56 2024-03-01T12:34:56.789000+00:00');
  // dbt's sql_now is the adapter's date_function(), now() on DuckDB.
  assert.equal(renderOne('select * from events where ts < {{ sql_now }}'), 'select * from events where ts < now()');
});

test('modules.datetime builds, formats and parses dates', () => {
  assert.equal(renderOne("{{ modules.datetime.date(2024, 2, 29).strftime('%d/%m/%Y') }}"), '29/02/2024');
  assert.equal(renderOne("{{ modules.datetime.datetime(2024, 1, 31, 8, 5).isoformat() }}"), '2024-01-31T08:05:00');
  assert.equal(renderOne("{{ modules.datetime.datetime.strptime('2024-05-06', '%Y-%m-%d').strftime('%B %-d, %Y') }}"), 'May 6, 2024');
  assert.equal(renderOne("{{ modules.datetime.date.fromisoformat('2023-12-31').weekday() }}"), '6');
  assert.equal(renderOne("{{ (modules.datetime.datetime(2024, 1, 1).__add__(modules.datetime.timedelta(days=45))).date() }}"), '2024-02-15');
});

test('modules.pytz names IANA zones: astimezone and localize pick the offset in force, a raw zone carries local mean time', () => {
  const ny = "modules.pytz.timezone('America/New_York')";
  // run_started_at is 2024-03-01 12:34:56.789 UTC: winter in New York
  assert.equal(renderOne(`{{ run_started_at.astimezone(${ny}).strftime('%Y-%m-%d %H:%M %Z %z') }}`), '2024-03-01 07:34 EST -0500');
  assert.equal(renderOne(`{{ modules.datetime.datetime(2021, 6, 7, 14, 35, tzinfo=modules.pytz.utc).astimezone(${ny}) }}`), '2021-06-07 10:35:00-04:00');
  assert.equal(renderOne(`{{ ${ny}.localize(modules.datetime.datetime(2021, 1, 7, 9, 0)).isoformat() }} {{ ${ny}.zone }}`), '2021-01-07T09:00:00-05:00 America/New_York');
  // the wall time 01:30 happens twice on 2021-11-07: standard time unless is_dst=True
  assert.equal(renderOne(`{{ ${ny}.localize(modules.datetime.datetime(2021, 11, 7, 1, 30)) }}|{{ ${ny}.localize(modules.datetime.datetime(2021, 11, 7, 1, 30), is_dst=True) }}`), '2021-11-07 01:30:00-05:00|2021-11-07 01:30:00-04:00');
  // pytz's well-known pitfall, which dbt_date's datetime() macro shows: tzinfo= keeps the zone's first offset
  assert.equal(renderOne("{{ modules.datetime.datetime(1997, 9, 29, 6, 14, tzinfo=modules.pytz.timezone('America/Los_Angeles')) }}"), '1997-09-29 06:14:00-07:53');
  assert.throws(() => renderOne("{{ modules.pytz.timezone('Mars/Olympus') }}"), /Unknown time zone 'Mars\/Olympus'/);
});

test("Python's type names show in errors about dates and regex objects: 'datetime.date', 're.Match', not the engine's own", () => {
  const dt = 'modules.datetime';
  assert.throws(() => renderOne(`{{ ${dt}.date(2024, 1, 1) + 1 }}`), /unsupported operand type\(s\) for \+: 'datetime\.date' and 'int'/);
  assert.throws(() => renderOne(`{{ 'a' + ${dt}.timedelta(days=1) }}`), /can only concatenate str \(not "datetime\.timedelta"\) to str/);
  assert.throws(() => renderOne(`{{ ${dt}.datetime(2024, 1, 1) < 'a' }}`), /'<' not supported between instances of 'datetime\.datetime' and 'str'/);
  assert.throws(() => renderOne(`{{ ${dt}.timezone.utc + 1 }}`), /for \+: 'datetime\.timezone' and 'int'/);
  assert.throws(() => renderOne("{{ modules.re.match('a', 'a') | length }}"), /object of type 're\.Match' has no len\(\)/);
  assert.throws(() => renderOne("{{ modules.re.compile('a') + 1 }}"), /for \+: 're\.Pattern' and 'int'/);
  // Jinja names the object the same way when an attribute is missing
  assert.throws(() => renderOne(`{{ ${dt}.date(2024, 1, 1).foo.bar }}`), /'datetime\.date object' has no attribute 'foo'/);
});

test('dates and timedeltas order with <=, >= and >, as in Python, and refuse to order against other types', () => {
  const dt = 'modules.datetime';
  assert.equal(renderOne(`{{ ${dt}.date(2024, 1, 1) <= ${dt}.date(2024, 1, 1) }} {{ ${dt}.datetime(2024, 1, 2) >= ${dt}.datetime(2024, 1, 1) }} {{ ${dt}.timedelta(days=1) > ${dt}.timedelta(hours=2) }}`), 'True True True');
  assert.equal(renderOne(`{{ [${dt}.date(2024, 1, 2), ${dt}.date(2024, 1, 1)] | sort | first }} {{ run_started_at >= ${dt}.datetime(2020, 1, 1, tzinfo=modules.pytz.utc) }}`), '2024-01-01 True');
  assert.throws(() => renderOne(`{{ ${dt}.date(2024, 1, 1) < '2024-01-02' }}`), /'<' not supported between instances of 'datetime\.date' and 'str'/);
  assert.throws(() => renderOne(`{{ ${dt}.timedelta(days=1) <= 1 }}`), /'<=' not supported between instances of 'datetime\.timedelta' and 'int'/);
  assert.throws(() => renderOne(`{{ ${dt}.date(2024, 1, 1) < ${dt}.datetime(2024, 1, 2) }}`), /can't compare datetime\.datetime to datetime\.date/);
  // run_started_at carries UTC: a naive datetime neither orders against it nor equals it
  assert.throws(() => renderOne(`{{ run_started_at > ${dt}.datetime(2020, 1, 1) }}`), /can't compare offset-naive and offset-aware datetimes/);
  assert.equal(renderOne(`{{ ${dt}.datetime(2024, 1, 1) == ${dt}.datetime(2024, 1, 1, tzinfo=modules.pytz.utc) }}`), 'False');
  // nor do they subtract
  assert.throws(() => renderOne(`{{ run_started_at - ${dt}.datetime(2020, 1, 1) }}`), /can't subtract offset-naive and offset-aware datetimes/);
  assert.equal(renderOne(`{{ (run_started_at - ${dt}.datetime(2024, 3, 1, tzinfo=modules.pytz.utc)).seconds }}`), '45296');
});

test('modules.datetime.time builds, prints, formats and orders a time of day; a datetime splits into date() and time()', () => {
  const dt = 'modules.datetime';
  // macros log with `modules.datetime.time() ~ " | ..."`
  assert.equal(renderOne(`{{ ${dt}.time() ~ ' | start' }} {{ ${dt}.time(hour=0) }} {{ ${dt}.time(12, 34, 56, 123456) }}`), '00:00:00 | start 00:00:00 12:34:56.123456');
  assert.equal(renderOne(`{{ [${dt}.time(5, 6), ${dt}.time(5, 6, 7), ${dt}.time(5, 6, 0, 8)] }}`), '[datetime.time(5, 6), datetime.time(5, 6, 7), datetime.time(5, 6, 0, 8)]');
  assert.equal(renderOne(`{{ ${dt}.time(13, 5).strftime('%I:%M %p') }} {{ ${dt}.time(12, 34, 56, 123456).isoformat(timespec='milliseconds') }} {{ ${dt}.time(5, 6).replace(minute=30) }} {{ ${dt}.time.fromisoformat('12:04:05+01:00') }}`), '01:05 PM 12:34:56.123 05:30:00 12:04:05+01:00');
  assert.equal(renderOne(`{{ ${dt}.time(5, 6) < ${dt}.time(7) }} {{ ${dt}.time(5) <= ${dt}.time(5, 0) }} {{ ${dt}.time(5, 6) == ${dt}.time(5, 6, 0) }} {{ ${dt}.time(0) or 'falsy' }}`), 'True True True 00:00:00');
  assert.equal(renderOne(`{{ ${dt}.datetime(2024, 1, 1, 5, 6, 7, 8).time() }} {{ ${dt}.datetime.combine(${dt}.date(2024, 1, 1), ${dt}.time(5, 6)) }} {{ ${dt}.datetime.min.time() }}`), '05:06:07.000008 2024-01-01 05:06:00 00:00:00');
  assert.throws(() => renderOne(`{{ ${dt}.time(24) }}`), /hour must be in 0\.\.23/);
  assert.throws(() => renderOne(`{{ ${dt}.time(5) < '05:00' }}`), /'<' not supported between instances of 'datetime\.time' and 'str'/);
  assert.throws(() => renderOne(`{{ tojson([${dt}.time(5)]) }}`), /Object of type time is not JSON serializable/);
});

test('dates, datetimes and timedeltas print as str() alone and as repr() inside lists and dicts', () => {
  const dt = 'modules.datetime';
  assert.equal(renderOne(`{{ ${dt}.date(2021, 6, 7) }} {{ [${dt}.date(2021, 6, 7)] }} {{ {'d': ${dt}.datetime(2021, 6, 7, 1, 2)} }}`), "2021-06-07 [datetime.date(2021, 6, 7)] {'d': datetime.datetime(2021, 6, 7, 1, 2)}");
  assert.equal(renderOne(`{{ [${dt}.datetime(2021, 6, 7, 1, 2, 3, 4500), ${dt}.timedelta(hours=25), ${dt}.timedelta(0)] }} {{ ${dt}.timedelta(hours=25) }}`), '[datetime.datetime(2021, 6, 7, 1, 2, 3, 4500), datetime.timedelta(days=1, seconds=3600), datetime.timedelta(0)] 1 day, 1:00:00');
  assert.equal(renderOne('{{ [run_started_at] }}'), '[datetime.datetime(2024, 3, 1, 12, 34, 56, 789000, tzinfo=<UTC>)]');
});

test('dates give ISO weeks and week-of-year numbers as Python does', () => {
  assert.equal(renderOne("{{ modules.datetime.date(2021, 1, 3).isocalendar()[1] }} {{ modules.datetime.date(2020, 11, 29).isocalendar().week }}"), '53 48');
  assert.equal(renderOne("{{ modules.datetime.date(2021, 1, 3).strftime('%G-W%V %U %W') }} {{ modules.datetime.date(2021, 6, 7).strftime('%U %W') }}"), '2020-W53 01 00 23 23');
});

test('modules.re maps Python patterns, named groups and replacement templates', () => {
  assert.equal(renderOne("{{ modules.re.sub('(?P<y>\\\\d{4})-(\\\\d{2})', '\\\\2/\\\\g<y>', 'on 2024-05') }}"), 'on 05/2024');
  assert.equal(renderOne("{{ modules.re.match('ab', 'xab') is none }} {{ modules.re.search('ab', 'xab').group(0) }}"), 'True ab');
  assert.equal(renderOne("{{ modules.re.findall('[a-z]+', 'a1 bc2 def', flags=modules.re.IGNORECASE) }}"), "['a', 'bc', 'def']");
  assert.equal(renderOne("{{ modules.re.compile('^stg_').match('stg_users') is not none }}"), 'True');
  assert.equal(renderOne("{{ modules.re.split(',\\\\s*', 'a, b,c') }}"), "['a', 'b', 'c']");
});

test('modules.re reads literal braces, stacked leading flags and escaped punctuation as Python does', () => {
  // Python treats a brace that opens no quantifier as a literal, so patterns can look for Jinja calls.
  assert.equal(renderOne("{{ modules.re.findall('from\\\\s+({{\\\\s*ref\\\\([^)]+\\\\)\\\\s*}})', 'select * from {{ ref(\\'a\\') }} join x') }}"), "[\"{{ ref('a') }}\"]");
  assert.equal(renderOne("{{ modules.re.sub('(?i)(?s)^.*with\\\\s', '', 'a\\nWITH b') }}"), 'b');
  assert.equal(renderOne("{{ modules.re.findall('[\\\\\"`]\\\\w+[\\\\\"`]', 'x \"col\" `y`') }}"), "['\"col\"', '`y`']");
  assert.equal(renderOne("{{ modules.re.sub('a{,2}b', '-', 'aaab') }} {{ modules.re.match('a{2}$', 'aa') is not none }}"), 'a- True');
});

test('json, yaml, zip, set and md5 helpers behave like dbt', () => {
  assert.equal(renderOne("{{ tojson({'a': [1, 'x'], 'b': none}) }}"), '{"a": [1, "x"], "b": null}');
  assert.equal(renderOne("{{ fromjson('{\"k\": [1, 2]}')['k'][1] }}"), '2');
  assert.equal(renderOne("{{ fromyaml('a: 1\\nb: [x, y]')['b'] }}"), "['x', 'y']");
  assert.equal(renderOne("{{ toyaml({'a': 1}) | trim }}"), 'a: 1');
  assert.equal(renderOne("{% for a, b in zip([1, 2], ['x', 'y']) %}{{ a }}{{ b }} {% endfor %}"), '1x 2y ');
  // tuples, and any iterable: dict views and what filters return
  assert.equal(renderOne("{{ zip({'k': 1, 'j': 2}.keys(), [1, 2] | map('string')) | list }} {{ dict(zip('ab', [1, 2])) }}"), "[('k', '1'), ('j', '2')] {'a': 1, 'b': 2}");
  assert.equal(renderOne("{{ set([1, 2, 2, 3]) | length }}"), '3');
  assert.equal(renderOne("{{ local_md5('abc') }}"), '900150983cd24fb0d6963f7d28e17f72');
  assert.equal(renderOne("{{ modules.itertools.product([1, 2], ['a']) | list | length }}"), '2');
});

test('tojson and toyaml take an indent, laid out as json.dumps and yaml.safe_dump lay it out', () => {
  assert.equal(renderOne("{{ tojson({'crate': {'pears': [3, 4]}, 'empty': []}, indent=2) }}"), '{\n  "crate": {\n    "pears": [\n      3,\n      4\n    ]\n  },\n  "empty": []\n}');
  assert.equal(renderOne("{{ toyaml({'crate': {'pears': 3}}, indent=6) }}"), 'crate:\n      pears: 3\n');
});

test('api.Relation and api.Column work as dbt documents', () => {
  assert.equal(
    renderOne("{% set r = api.Relation.create(database='db', schema='s', identifier='t', type='table') %}{{ r }} {{ r.is_table }} {{ r.include(database=False) }} {{ r.incorporate(path={'identifier': 't2'}) }} {{ r.quote(identifier=False) }}"),
    '"db"."s"."t" True "s"."t" "db"."s"."t2" "db"."s".t',
  );
  assert.equal(renderOne("{% set c = api.Column('Amount', 'DECIMAL(18,2)') %}{{ c.quoted }} {{ c.is_number() }} {{ c.data_type }} {{ api.Column.translate_type('string') }}"), '"Amount" False DECIMAL(18,2) TEXT');
  assert.equal(renderOne("{{ adapter.quote('Order') }} {{ adapter.type() }} {{ adapter.quote_as_configured('x', 'identifier') }}"), '"Order" duckdb "x"');
});

test('a STRUCT column lists its members as fields and flattens to parent.child leaves, as dbt-duckdb does', () => {
  const struct = "api.Column('info', 'STRUCT(a INTEGER, \"b c\" DECIMAL(10,2), d STRUCT(x VARCHAR, y DATE))')";
  assert.equal(renderOne(`{% set c = ${struct} %}{{ c.is_struct() }} {% for f in c.fields %}{{ f.name }}={{ f.dtype }};{% endfor %}`),
    'True a=INTEGER;b c=DECIMAL(10,2);d=STRUCT(x VARCHAR, y DATE);');
  assert.equal(renderOne(`{% for f in ${struct}.flatten() %}{{ f.name }}:{{ f.dtype }} {% endfor %}`), 'info.a:INTEGER info.b c:DECIMAL(10,2) info.d.x:VARCHAR info.d.y:DATE ');
  assert.equal(renderOne("{% set c = api.Column('n', 'INTEGER') %}{{ c.is_struct() }} {{ c.fields | length }} {{ c.flatten() | length }}"), 'False 0 1');
});

test('generic tests defined with a test block become test_<name> macros', () => {
  const macros = { 'positive.sql': '{% test is_positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}' };
  const t = makeNode({ name: 't', resource_type: 'test', raw_code: '{{ test_is_positive(**_dbt_generic_test_kwargs) }}', test_metadata: { name: 'is_positive', namespace: null, kwargs: { model: "{{ get_where_subquery(ref('b')) }}", column_name: 'amount' } } });
  const project = makeProject({ nodes: [makeNode({ name: 'b', raw_code: 'select 1' }), t], macros });
  const renderer = createRenderer(project, RENDER_OPTIONS);
  const manifest = renderer.parse(project.manifest);
  assert.equal(renderer.compile(manifest.nodes['test.shop.t']!, manifest), 'select * from "warehouse"."main"."b" where amount <= 0');
});

test('adapter.dispatch names what it searched when no implementation exists', () => {
  assert.throws(() => renderOne("{{ adapter.dispatch('nothing', 'dbt')() }}"), /No macro named 'nothing' found within namespace: 'dbt'[\s\S]*'shop.duckdb__nothing', 'shop.default__nothing', 'dbt.duckdb__nothing', 'dbt.default__nothing'/);
});

test('adapter.dispatch refuses a dotted macro name with the suggestion in its message, as dbt words it', () => {
  assert.throws(
    () => renderOne("{{ adapter.dispatch('shop.a.b')() }}"),
    (error: Error) => error.message === 'In adapter.dispatch, got a macro name of "shop.a.b", but "." is not a valid macro name component. Did you mean `adapter.dispatch("a.b", macro_namespace="shop")`?',
  );
});

test('adapter.dispatch refuses a namespace that is not a string, as dbt does', () => {
  const macros = { 'm.sql': '{% macro default__stamp() %}ok{% endmacro %}' };
  assert.throws(
    () => renderOne("{{ adapter.dispatch('stamp', ['shop'])() }}", { macros }),
    (error: Error) => error.message === `In adapter.dispatch, got a <class 'list'> macro_namespace argument ("['shop']"), but macro_namespace should be None or a string.`,
  );
  assert.equal(renderOne("{{ adapter.dispatch('stamp', none)() }}", { macros }), 'ok');
});

test('adapter.dispatch under a namespace that names no package looks the name up unqualified, as dbt does', () => {
  // A package may dispatch under a namespace no project carries (fivetran_utils once used 'fivetran'):
  // dbt then searches as if no namespace were given, so a model of that package finds its default__.
  const packageMacros = {
    helpers: { 'lookback.sql': "{% macro lookback(n) %}{{ adapter.dispatch('lookback', 'fivetran')(n) }}{% endmacro %}{% macro default__lookback(n) %}back {{ n }}{% endmacro %}" },
  };
  assert.equal(renderOne('{{ lookback(3) }}', { packageMacros }, { package_name: 'helpers' }), 'back 3');
  // Unqualified means the node's own package, the root project and dbt's macros: a model of the
  // root project does not reach the other package's default__.
  assert.throws(() => renderOne('{{ helpers.lookback(3) }}', { packageMacros }), /No macro named 'lookback' found within namespace: 'fivetran'\n\s*Searched for: 'duckdb__lookback', 'default__lookback'$/);
});

test('adapter.dispatch refuses the pre-1.0 packages argument with the namespace hint, as dbt does', () => {
  const macros = { 'm.sql': "{% macro default__stamp() %}ok{% endmacro %}{% macro stamp() %}{{ adapter.dispatch('stamp', packages=['shop'])() }}{% endmacro %}" };
  assert.throws(() => renderOne('{{ stamp() }}', { macros }), /"packages" argument of adapter\.dispatch\(\) has been deprecated[\s\S]*macro_namespace[\s\S]*Raised during dispatch for: stamp/);
  // The namespace form still dispatches.
  assert.equal(renderOne("{{ adapter.dispatch('stamp', macro_namespace='shop')() }}", { macros }), 'ok');
});

test('a ref() the parse never saw (inside if execute) fails with the depends_on hint, as in dbt', () => {
  const lookup = makeNode({ name: 'price_list', raw_code: 'select 1 as p' });
  const hidden = "{% if execute %}select * from {{ ref('price_list') }}{% else %}select 1{% endif %}";
  assert.throws(
    () => renderOne(hidden, { nodes: [lookup] }),
    /unable to infer all dependencies for the model "a"\.[\s\S]*placed within a conditional block[\s\S]*-- depends_on: \{\{ ref\('price_list'\) \}\}/,
  );
  // The hint itself records the dependency; a package-qualified ref to the same node counts too.
  assert.equal(renderOne(`-- depends_on: {{ ref('price_list') }}\n${hidden}`, { nodes: [lookup] }), '-- depends_on: "warehouse"."main"."price_list"\nselect * from "warehouse"."main"."price_list"');
  assert.equal(renderOne(`{% if execute %}{{ ref('shop', 'price_list') }}{% endif %}-- {{ ref('price_list') }}`, { nodes: [lookup] }), '"warehouse"."main"."price_list"-- "warehouse"."main"."price_list"');
});

test('context[project_name] reaches root project macros; builtins.ref survives a ref override', () => {
  const macros = {
    'ref.sql': "{% macro ref(name) %}{{ return(builtins.ref(name).include(database=False)) }}{% endmacro %}{% macro hello() %}hi{% endmacro %}",
  };
  const other = makeNode({ name: 'b', raw_code: 'select 1' });
  assert.equal(renderOne("{{ ref('b') }} {{ context[project_name].hello() }}", { macros, nodes: [other] }), '"main"."b" hi');
});

test('exceptions.warn records a warning and log() writes through the log option with secrets masked', () => {
  const lines: string[] = [];
  const out = renderOne("{% do exceptions.warn('careful') %}{{ log('token s3cr3t', info=True) }}ok", {}, {}, {
    env: { DBT_ENV_SECRET_TOKEN: 's3cr3t' },
    log: (level: string, msg: string) => lines.push(`${level}:${msg}`),
  });
  assert.equal(out, 'ok');
  assert.ok(lines.includes('warn:careful'), lines.join('|'));
  assert.ok(lines.includes('info:token *****'), lines.join('|'));
});

test('var() renders a string value in the caller context each call, as dbt does; lists, numbers and defaults stay as written', () => {
  const vars = {
    chunk: "{{ 250 if target.type == 'duckdb' else 9000 }}",
    stage_label: '{{ this.identifier }}_stage',
    shelf: ["{{ target.type }}", 'plain'],
    plain_text: 'no braces here',
    size: 12,
  };
  const code = "{{ var('chunk') | int + 1 }}|{{ var('stage_label') }}|{{ var('shelf')[0] }}|{{ var('plain_text') }}|{{ var('size') + 1 }}|{{ var('absent_one', '{{ kept }}') }}";
  assert.equal(renderOne(code, { vars }), '251|a_stage|{{ target.type }}|no braces here|13|{{ kept }}');
});

test('tojson() keeps the dict\'s own key order, digit-only keys included', () => {
  assert.equal(renderOne("{{ tojson({'zone': 'n', '12': 'dozen', '3': 'few'}) }}"), '{"zone": "n", "12": "dozen", "3": "few"}');
  assert.equal(renderOne("{{ tojson({'zone': 'n', '12': 'dozen'}, sort_keys=true) }}"), '{"12": "dozen", "zone": "n"}');
});

test('modules.re and modules.itertools give tuples where Python does: groups, spans, findall rows, products', () => {
  assert.equal(renderOne("{% set m = modules.re.match('(\\\\d+)-(\\\\d+)', '12-34') %}{{ m.groups() }} {{ m.span() }} {{ m.group(1, 2) }} {{ m.groups() == ('12', '34') }}"), "('12', '34') (0, 5) ('12', '34') True");
  assert.equal(renderOne("{{ modules.re.findall('(\\\\w)(\\\\d)', 'a1 b2') }}"), "[('a', '1'), ('b', '2')]");
  assert.equal(renderOne("{{ modules.itertools.product([1, 2], ['a']) | list }} {{ modules.itertools.combinations([1, 2, 3], 2) | list }}"), "[(1, 'a'), (2, 'a')] [(1, 2), (1, 3), (2, 3)]");
  assert.equal(renderOne('{{ modules.itertools.permutations([1, 2]) | list }}'), '[(1, 2), (2, 1)]');
});

test('timedelta arithmetic returns floats and scales as Python does', () => {
  const td = 'modules.datetime.timedelta';
  assert.equal(renderOne(`{{ ${td}(days=1).total_seconds() }} {{ ${td}(milliseconds=1500).total_seconds() }}`), '86400.0 1.5');
  assert.equal(renderOne(`{{ ${td}(days=1) / ${td}(hours=1) }} {{ ${td}(days=1) // ${td}(hours=5) }} {{ ${td}(hours=3) / 2 }} {{ 2 * ${td}(hours=3) }}`), '24.0 4 1:30:00 6:00:00');
  assert.equal(renderOne('{{ modules.datetime.datetime(2020, 1, 1, tzinfo=modules.pytz.utc).timestamp() }}'), '1577836800.0');
});

test('timedelta is falsy at zero and takes a modulo; strftime knows the C locale %c, %x and %X', () => {
  const td = 'modules.datetime.timedelta';
  assert.equal(renderOne(`{{ not ${td}(0) }} {{ ${td}(hours=1) % ${td}(minutes=25) }}`), 'True 0:10:00');
  assert.equal(renderOne("{{ modules.datetime.datetime(2020, 1, 5, 13).strftime('%c|%x|%X') }}"), 'Sun Jan  5 13:00:00 2020|01/05/20|13:00:00');
  // a date and a number do not add up: a TypeError, not an empty result
  assert.throws(() => renderOne('{{ modules.datetime.date(2020, 1, 1) - 5 }}'), /unsupported operand type\(s\) for -/);
  assert.throws(() => renderOne(`{{ ${td}(hours=1) + 5 }}`), /unsupported operand type\(s\) for \+/);
  assert.equal(renderOne("{{ modules.datetime.date.min }} {{ modules.datetime.date.max }} {{ modules.datetime.datetime(2020, 1, 1, 5, 6, 7).ctime() }}"), '0001-01-01 9999-12-31 Wed Jan  1 05:06:07 2020');
});

test('strptime reads month and day names, 12-hour clocks, day of year and %z offsets as Python does', () => {
  const p = (text: string, format: string): string => renderOne(`{{ modules.datetime.datetime.strptime('${text}', '${format}') }}`);
  assert.equal(p('Mon, 02 Mar 2020', '%a, %d %b %Y'), '2020-03-02 00:00:00');
  assert.equal(p('7 december 2021', '%d %B %Y'), '2021-12-07 00:00:00');
  assert.equal(p('5 Mar 2020 3:04 pm', '%d %b %Y %I:%M %p'), '2020-03-05 15:04:00');
  assert.equal(p('12:30 AM', '%I:%M %p'), '1900-01-01 00:30:00');
  assert.equal(p('2020-060', '%Y-%j'), '2020-02-29 00:00:00');
  assert.equal(p('2020-01-02T03:04:05Z', '%Y-%m-%dT%H:%M:%S%z'), '2020-01-02 03:04:05+00:00');
  assert.equal(renderOne("{{ modules.datetime.datetime.strptime('2020-01-02 03:04:05+0200', '%Y-%m-%d %H:%M:%S%z').tzname() }}"), 'UTC+02:00');
  assert.throws(() => p('5 MARCH 2020', '%d %b %Y'), /does not match format/);
});

test('re match objects give group positions, defaults and item access; finditer and subn work as in Python', () => {
  const m = "{% set m = modules.re.search('(\\\\d+)(x)?', 'ab12c') %}";
  assert.equal(renderOne(`${m}{{ m.groups('-') }} {{ m.start(1) }} {{ m.end(1) }} {{ m.span(2) }} {{ m[1] }} {{ m.lastindex }}`), "('12', '-') 2 4 (-1, -1) 12 1");
  assert.equal(renderOne("{{ modules.re.search('(?P<w>[a-z]+)(?P<n>\\\\d)?', '..ab').groupdict('?') }} {{ modules.re.compile('(a)(b)?').groups }}"), "{'w': 'ab', 'n': '?'} 2");
  assert.equal(renderOne("{% for m in modules.re.finditer('\\\\d+', 'a1b22') %}{{ m.group() }}@{{ m.start() }};{% endfor %}"), '1@1;22@3;');
  assert.equal(renderOne("{{ modules.re.subn('a', 'b', 'aaa') }} {{ modules.re.subn('a', 'b', 'aaa', 2) }} {{ modules.re.subn('z', 'b', 'aaa') }}"), "('bbb', 3) ('bba', 2) ('aaa', 0)");
});

test("format() hands a date its spec as a strftime format, as Python's date.__format__ does", () => {
  const d = 'modules.datetime.date(2020, 1, 2)';
  assert.equal(renderOne(`{{ '{:%Y-%m-%d}'.format(${d}) }} {{ '{0:%d}/{0:%m}'.format(${d}) }} {{ '{}'.format(${d}) }} {{ '{:%H:%M}'.format(modules.datetime.datetime(2020, 1, 2, 3, 4)) }}`), '2020-01-02 02/01 2020-01-02 03:04');
});

test('modules.re reads \\w, \\d and \\b over every alphabet, as Python does for text; re.ASCII keeps them ASCII', () => {
  assert.equal(renderOne("{{ modules.re.sub('\\\\W+', '_', 'Prénom de l’élève') }} {{ modules.re.findall('\\\\bé\\\\w*', 'élève été') }} {{ modules.re.findall('[\\\\w-]+', 'a-é b') }} {{ modules.re.findall('\\\\d+', 'x٣4') }}"), "Prénom_de_l_élève ['élève', 'été'] ['a-é', 'b'] ['٣4']");
  assert.equal(renderOne("{{ modules.re.findall('\\\\w+', 'café', modules.re.ASCII) }} {{ modules.re.findall('(?a)\\\\w+', 'café') }} {{ modules.re.findall('\\\\bword\\\\b', 'word words word') }}"), "['caf'] ['caf'] ['word', 'word']");
});

test('run_started_at holds the microseconds the invocation gives it, as dbt reads datetime.now()', () => {
  const micros = Date.parse('2024-03-01T12:34:56.789Z') * 1000 + 123;
  const options = { runStartedMicros: micros };
  assert.equal(renderOne('{{ run_started_at }} {{ run_started_at.microsecond }}', {}, {}, options), '2024-03-01 12:34:56.789123+00:00 789123');
});
