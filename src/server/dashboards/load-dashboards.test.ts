import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Manifest } from '../../project/types.js';
import { parseDashboardFile } from './load-dashboards.js';
import { toPositional } from './sql-params.js';

const manifest = { metadata: { project_name: 'p' }, nodes: {}, sources: {} } as unknown as Manifest;
const renderer = {
  renderString: (sql: string) => {
    if (sql.includes('missing_model')) throw Object.assign(new Error("Model 'missing_model' was not found"), { diagnostic: { code: 'ref-not-found', message: "Model 'missing_model' was not found", location: { file: '<string>', line: 2 } } });
    return sql.replace(/\{\{\s*ref\('(\w+)'\)\s*\}\}/g, '"db"."main"."$1"');
  },
};
const parse = (text: string) => parseDashboardFile(text, 'dashboards/d.yml', 'd', { manifest, renderer });

describe('dashboard files', () => {
  it('maps named parameters to positions and records which filters each tile uses', () => {
    const { dashboard, diagnostics } = parse(`title: D
filters:
  - {name: months, type: date_range, default: {start: 2023-01-01, end: 2023-03-01}}
  - {name: country, type: multi_select, options_sql: "select 1"}
tiles:
  - name: a
    type: kpi
    value: n
    sql: select count(*) as n from {{ ref('x') }} where d between $months_start and $months_end and list_contains($country, c) and d <> $months_start
`);
    assert.deepEqual(diagnostics, []);
    const tile = dashboard!.tiles[0]!;
    assert.equal(tile.sql, 'select count(*) as n from "db"."main"."x" where d between $1 and $2 and list_contains($3, c) and d <> $1');
    assert.deepEqual(tile.params, ['months_start', 'months_end', 'country']);
    assert.deepEqual(tile.filters.sort(), ['country', 'months']);
    assert.deepEqual(dashboard!.filters[0]!.default, { start: '2023-01-01', end: '2023-03-01' });
  });

  it('reports mistakes with their file and line', () => {
    const { dashboard, diagnostics } = parse(`title: D
filters:
  - {name: months, type: date_range}
tiles:
  - name: a
    type: pie
    sql: select 1
  - name: b
    type: kpi
    value: n
    sql: select $nope as n
  - name: c
    type: line
    sql: select 1
    colour: red
`);
    assert.equal(dashboard, undefined);
    const found = diagnostics.map((d) => `${d.location?.file}:${d.location?.line} ${d.message}`);
    assert.ok(found.includes("dashboards/d.yml:3 Filter 'months' needs a starting value: 'default' ({start, end}) or 'default_sql'"), found.join('\n'));
    assert.ok(found.includes("dashboards/d.yml:6 Unknown tile type 'pie'"), found.join('\n'));
    assert.ok(found.includes("dashboards/d.yml:11 Tile 'b' uses $nope, which no filter provides"), found.join('\n'));
    assert.ok(found.includes("dashboards/d.yml:15 Unknown key 'colour'"), found.join('\n'));
    assert.ok(found.some((f) => f.startsWith('dashboards/d.yml:12 A line tile needs')), found.join('\n'));
  });

  it('points a template error at the line inside the SQL block', () => {
    const { diagnostics } = parse(`title: D
tiles:
  - name: a
    type: table
    sql: |
      select *
      from {{ ref('missing_model') }}
`);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.location?.line, 7);
    assert.match(diagnostics[0]!.message, /missing_model/);
  });

  it('reports invalid YAML with its line', () => {
    const { diagnostics } = parse('title: D\ntiles:\n  - name: [a\n');
    assert.equal(diagnostics[0]!.code, 'dashboard-invalid');
    assert.ok((diagnostics[0]!.location?.line ?? 0) >= 3);
  });
});

describe('named parameters', () => {
  it('leaves strings, quoted identifiers, comments and dollar-quoted text alone', () => {
    const r = toPositional(`select '$a', "$b", $$ $c $$, $tag$ $d $tag$ -- $e\n/* $f */ , $g, $g`);
    assert.deepEqual(r.params, ['g']);
    assert.equal(r.sql, `select '$a', "$b", $$ $c $$, $tag$ $d $tag$ -- $e\n/* $f */ , $1, $1`);
  });

  it('flags positional placeholders', () => {
    assert.equal(toPositional('select $1, ?').positional.length, 2);
  });
});
