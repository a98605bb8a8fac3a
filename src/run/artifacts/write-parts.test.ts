import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeParts } from './write-parts.js';

describe('writeParts', () => {
  it('writes the concatenation of many pieces, across buffers, with multi-byte text and pieces larger than a buffer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rh-parts-'));
    try {
      const parts: string[] = [];
      for (let i = 0; i < 40_000; i++) parts.push(`{"id":${i},"name":"größe ✓ ${'x'.repeat(i % 300)}"},`);
      parts.splice(20_000, 0, 'é'.repeat(3_000_000));
      parts.push('');
      const file = join(dir, 'out.json');
      await writeParts(file, parts);
      const written = await readFile(file, 'utf8');
      assert.ok(Buffer.byteLength(written) > 3 * (1 << 22));
      assert.equal(written, parts.join(''));
      await writeParts(file, []);
      assert.equal(await readFile(file, 'utf8'), '');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails with the error of the file it cannot open', async () => {
    await assert.rejects(writeParts(join(tmpdir(), 'rh-no-such-folder', 'x', 'out.json'), ['{}']), /ENOENT/);
  });
});
