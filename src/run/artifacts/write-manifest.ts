import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../project/types.js';
import { manifestJsonParts } from './manifest-json.js';
import { writeSemanticManifest } from './semantic-manifest-json.js';
import { writeParts } from './write-parts.js';

/**
 * Writes `<targetDir>/manifest.json` in dbt's v12 format, streaming it node by node, and beside
 * it semantic_manifest.json, which dbt writes whenever it writes the manifest.
 */
export async function writeManifest(manifest: Manifest, targetDir: string): Promise<void> {
  await mkdir(targetDir, { recursive: true });
  await writeParts(join(targetDir, 'manifest.json'), manifestJsonParts(manifest));
  await writeSemanticManifest(manifest, targetDir);
}
