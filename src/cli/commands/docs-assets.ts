// dbt's `asset-paths`: folders (images and the like that descriptions link to) that
// `docs generate` copies into the target folder, so the docs site finds them beside itself.
// https://docs.getdbt.com/reference/project-configs/asset-paths
import { existsSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Copies each asset path of the project (relative to it) to the same path under the target folder, replacing an earlier copy. */
export async function copyAssetPaths(projectDir: string, targetDir: string, assetPaths: readonly string[]): Promise<void> {
  for (const assetPath of assetPaths) {
    const to = join(targetDir, assetPath);
    // As dbt: the previous copy goes first, so files removed from the project leave the target too.
    if (existsSync(to)) await rm(to, { recursive: true, force: true });
    const from = join(projectDir, assetPath);
    if (existsSync(from)) await cp(from, to, { recursive: true });
  }
}
