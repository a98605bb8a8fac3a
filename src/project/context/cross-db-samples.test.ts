import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';
import { createRenderer, CROSS_DB_SAMPLES } from './index.js';
import type { DatabaseBridge } from './index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './testing/make-project.js';

// Templates call the database synchronously; this bridge answers from a real in-memory
// DuckDB in a child process, which is enough for the few queries macros run themselves.
const CHILD = `
import { DuckDBInstance } from '@duckdb/node-api';
let sql = ''; for await (const chunk of process.stdin) sql += chunk;
const conn = await (await DuckDBInstance.create(':memory:')).connect();
const r = await conn.runAndReadAll(sql);
process.stdout.write(JSON.stringify({ columns: r.columnNames().map((name) => ({ name, dataType: 'VARCHAR' })), rows: r.getRowsJS(), rowsChanged: 0 }, (k, v) => (typeof v === 'bigint' ? Number(v) : v)));`;

const duckBridge: DatabaseBridge = {
  type: 'duckdb',
  defaultDatabase: 'memory',
  dialect: { quoteIdentifier: (n) => `"${n}"`, quoteString: (s) => `'${s.replace(/'/g, "''")}'`, renderRelation: (r) => [r.database, r.schema, r.identifier].filter(Boolean).map((p) => `"${p}"`).join('.') },
  executeSync: (sql) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', CHILD], { input: sql, encoding: 'utf8' })),
  getRelationSync: () => undefined,
  getColumnsSync: () => [],
  listRelationsSync: () => [],
};

test('every cross-database macro sample renders to SQL DuckDB runs with the documented result', async () => {
  const project = makeProject({ nodes: [makeNode({ name: 'a', raw_code: 'select 1' })] });
  const renderer = createRenderer(project, { ...RENDER_OPTIONS, db: duckBridge });
  const manifest = renderer.parse(project.manifest);
  const node = manifest.nodes['model.shop.a']!;
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const failures: string[] = [];
  for (const sample of CROSS_DB_SAMPLES) {
    const sql = renderer.renderString(sample.sql, node);
    try {
      const result = await conn.runAndReadAll(sql);
      const rows = result.getRowsJson();
      const first = rows[0]?.[0];
      const text = first === null || first === undefined ? null : String(first);
      if (sample.expect !== undefined && text !== sample.expect) failures.push(`${sample.macro}: got ${text}, expected ${sample.expect}\n${sql}`);
      if (sample.rows !== undefined && rows.length !== sample.rows) failures.push(`${sample.macro}: ${rows.length} rows`);
    } catch (e) {
      failures.push(`${sample.macro}: ${(e as Error).message}\n${sql}`);
    }
  }
  assert.deepEqual(failures, []);
  const covered = new Set(CROSS_DB_SAMPLES.map((s) => s.macro));
  for (const m of ['type_string', 'hash', 'concat', 'dateadd', 'datediff', 'date_trunc', 'last_day', 'safe_cast', 'split_part', 'listagg', 'position', 'replace', 'right', 'length', 'escape_single_quotes', 'string_literal', 'cast_bool_to_text', 'except', 'intersect', 'equals', 'array_construct', 'array_append', 'array_concat', 'cast', 'date', 'generate_series', 'date_spine']) {
    assert.ok(covered.has(m), `no sample for ${m}`);
  }
});
