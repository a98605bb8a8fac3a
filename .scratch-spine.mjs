import { execFileSync } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';
import { createRenderer } from './dist/src/project/context/index.js';
import { makeNode, makeProject, RENDER_OPTIONS } from './dist/src/project/context/testing/make-project.js';
const CHILD = `
import { DuckDBInstance } from '@duckdb/node-api';
let sql = ''; for await (const chunk of process.stdin) sql += chunk;
const conn = await (await DuckDBInstance.create(':memory:')).connect();
const r = await conn.runAndReadAll(sql);
process.stdout.write(JSON.stringify({ columns: r.columnNames().map((name) => ({ name, dataType: 'VARCHAR' })), rows: r.getRowsJS(), rowsChanged: 0 }, (k, v) => (typeof v === 'bigint' ? Number(v) : v)));`;
const db = { type: 'duckdb', defaultDatabase: 'memory',
  dialect: { quoteIdentifier: (n) => `"${n}"`, quoteString: (s) => `'${s}'`, renderRelation: (r) => [r.database, r.schema, r.identifier].filter(Boolean).map((p) => `"${p}"`).join('.') },
  executeSync: (sql) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', CHILD], { input: sql, encoding: 'utf8', cwd: process.cwd() })),
  getRelationSync: () => undefined, getColumnsSync: () => [], listRelationsSync: () => [] };
const project = makeProject({ nodes: [makeNode({ name: 'a', raw_code: 'select 1' })] });
const renderer = createRenderer(project, { ...RENDER_OPTIONS, db });
const manifest = renderer.parse(project.manifest);
const node = manifest.nodes['model.shop.a'];
const conn = await (await DuckDBInstance.create(':memory:')).connect();
// default spine with a DuckDB-valid dateadd: emulate by overriding nothing; just run generate_series defaults
for (const t of process.argv.slice(2)) {
  const sql = renderer.renderString(t, node);
  console.log('---', t, '\n', sql);
  try { const r = await conn.runAndReadAll(sql); console.log(JSON.stringify(r.getRowsJson())); } catch (e) { console.log('ERR', e.message); }
}
