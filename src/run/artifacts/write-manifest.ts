import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../project/types.js';
import { toManifestJson } from './manifest-json.js';

/** Writes `<targetDir>/manifest.json` in dbt's v12 format. */
export async function writeManifest(manifest: Manifest, targetDir: string): Promise<void> {
  await mkdir(targetDir, { recursive: true });
  await writeFile(join(targetDir, 'manifest.json'), JSON.stringify(toManifestJson(manifest)));
}
