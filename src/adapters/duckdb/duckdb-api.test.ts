// The DuckDB package is CommonJS. An ES import of it makes Node scan every one of its files for
// export names at each worker start, so the worker's modules take it from duckdb-api.ts, which
// requires it: this keeps a value import of the package from creeping back in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(fileURLToPath(new URL('../../../../src/adapters/duckdb', import.meta.url)));
const PACKAGE = '@duckdb/node-api';

/** The worker's source files reached through value imports (`import type` is erased), and which of them import `PACKAGE` as a value. */
function valueImportsOfPackage(entry: string): { files: string[]; importers: string[] } {
  const files = new Set<string>();
  const importers: string[] = [];
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*(import|export)(\s+type\b)?([^'";]*?)from\s+['"]([^'"]+)['"]/gm)) {
      if (match[2]) continue;
      const spec = match[4]!;
      // `import { type A, type B } from ...` is erased too.
      const names = (match[3] ?? '').replace(/[{}]/g, '').split(',').map((n) => n.trim()).filter((n) => n !== '');
      const typeOnly = names.length > 0 && names.every((n) => n.startsWith('type '));
      if (spec === PACKAGE && !typeOnly) importers.push(basename(file));
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    }
  };
  visit(entry);
  return { files: [...files].map((f) => basename(f)), importers };
}

test('the DuckDB worker loads the DuckDB package with require, never through an ES import that makes Node scan its files', () => {
  const { files, importers } = valueImportsOfPackage(resolve(here, 'worker.ts'));
  assert.ok(files.includes('duckdb-api.ts') && files.includes('value-conversion.ts'), `worker modules: ${files.join(', ')}`);
  assert.deepEqual(importers, []);
  assert.match(readFileSync(resolve(here, 'duckdb-api.ts'), 'utf8'), /createRequire\(import\.meta\.url\)\('@duckdb\/node-api'\)/);
});
