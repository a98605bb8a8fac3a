import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../project/types.js';
import { manifestJsonParts } from './manifest-json.js';

// Pieces are gathered into writes of about this many characters.
const CHUNK = 1 << 20;

/** Writes `<targetDir>/manifest.json` in dbt's v12 format, streaming it node by node. */
export async function writeManifest(manifest: Manifest, targetDir: string): Promise<void> {
  await mkdir(targetDir, { recursive: true });
  const file = await open(join(targetDir, 'manifest.json'), 'w');
  try {
    let pending: string[] = [];
    let size = 0;
    for (const part of manifestJsonParts(manifest)) {
      pending.push(part);
      size += part.length;
      if (size >= CHUNK) {
        await file.writeFile(pending.join(''));
        pending = [];
        size = 0;
      }
    }
    if (pending.length > 0) await file.writeFile(pending.join(''));
  } finally {
    await file.close();
  }
}
