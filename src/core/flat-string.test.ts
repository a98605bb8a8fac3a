import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { flatString } from './flat-string.js';

// Keeps 20,000 strings built from many pieces, as the compiled SQL of a large project is kept,
// and reports the heap they hold once garbage is collected.
const KEEP_BUILT = `
  const { flatString } = await import(process.argv[1]);
  const keep = [];
  for (let i = 0; i < 20000; i++) {
    let sql = '';
    for (let k = 0; k < 20; k++) sql += 'select column_' + k + ' from model_' + i + '\\n';
    keep.push(process.argv[2] === 'flat' ? flatString(sql) : sql);
  }
  globalThis.gc();
  console.log(process.memoryUsage().heapUsed, keep.length);
`;

function heapHeld(mode: 'flat' | 'built'): number {
  const module = fileURLToPath(new URL('./flat-string.js', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', KEEP_BUILT, module, mode], { encoding: 'utf8' });
  return Number(out.split(' ')[0]);
}

describe('flatString', () => {
  it('returns the same text', () => {
    let text = '';
    for (let k = 0; k < 50; k++) text += `piece ${k} `;
    assert.equal(flatString(text), text);
    assert.equal(flatString(''), '');
  });

  it('keeps a string built from pieces in a fraction of the memory its pieces take', () => {
    const built = heapHeld('built');
    const flat = heapHeld('flat');
    assert.ok(flat * 2 < built, `flat ${flat} bytes, built ${built} bytes`);
  });
});
