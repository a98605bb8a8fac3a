// Keeps the layer direction of the design notes honest: a lower layer never imports a higher one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ALLOWED: Record<string, string[]> = {
  core: [],
  templating: ['core'],
  project: ['core', 'templating'],
  graph: ['core', 'project', 'templating'],
  adapters: ['core'],
  materialize: ['core', 'adapters', 'project', 'templating'],
  run: ['core', 'templating', 'project', 'graph', 'adapters', 'materialize'],
  ingest: ['core', 'adapters'],
  orchestrate: ['core', 'templating', 'project', 'graph', 'adapters', 'materialize', 'run', 'ingest'],
  server: ['core', 'templating', 'project', 'graph', 'adapters', 'materialize', 'run', 'ingest', 'orchestrate'],
  web: [],
  cli: ['core', 'templating', 'project', 'graph', 'adapters', 'materialize', 'run', 'ingest', 'orchestrate', 'server'],
};

const srcDir = resolve(fileURLToPath(new URL('../../../src', import.meta.url)));

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tsFiles(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

test('every import in src/ points to the same layer or one the design allows below it', () => {
  const violations: string[] = [];
  for (const file of tsFiles(srcDir)) {
    const layer = relative(srcDir, file).split(sep)[0]!;
    const allowed = ALLOWED[layer];
    assert.ok(allowed, `unknown layer folder src/${layer}: add it to the layer table`);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm)) {
      const target = resolve(dirname(file), match[1]!);
      const targetLayer = relative(srcDir, target).split(sep)[0]!;
      if (targetLayer !== layer && !allowed.includes(targetLayer)) {
        violations.push(`${relative(srcDir, file)} imports ${match[1]} (${layer} -> ${targetLayer})`);
      }
    }
  }
  assert.deepEqual(violations, []);
});
