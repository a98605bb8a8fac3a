// Every CLI start reads and compiles the modules main.ts imports statically, before any command
// runs: the layers only some commands use (server, ingest, orchestrate) are loaded by those
// commands, so that `run`, `build` or `compile` start without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const srcDir = resolve(fileURLToPath(new URL('../../../src', import.meta.url)));

/** The source files and packages reached from `entry` through static imports (`import type` is erased, so it is left out). */
function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*(import|export)(\s+type\b)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      if (match[2]) continue;
      const spec = match[3]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

test('the CLI starts without loading the server, ingest or orchestrate layers, which their own commands load', () => {
  const { files, packages } = staticClosure(resolve(srcDir, 'cli', 'main.ts'));
  const layerOf = (file: string): string => relative(srcDir, file).split(sep)[0]!;
  const loaded = [...files].map((f) => relative(srcDir, f).split(sep).join('/'));
  // Warehouse-writing commands read the serve lock file (and the PID check it needs) at start.
  const allowed = new Set(['orchestrate/serve-lock.ts', 'orchestrate/run-store.ts']);
  const heavy = loaded.filter((f) => ['server', 'ingest', 'orchestrate'].includes(layerOf(resolve(srcDir, f))) && !allowed.has(f));
  assert.deepEqual(heavy, []);
  assert.ok(!packages.has('pg') && !packages.has('croner'), `packages loaded at start: ${[...packages].join(', ')}`);
  // The command layers every project command needs are still there.
  assert.ok(loaded.includes('run/execute-invocation.ts'));
});
