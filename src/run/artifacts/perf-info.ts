// perf_info.json, which dbt's parse writes beside the manifest (its ManifestLoaderInfo, None
// fields left out): how many files the parse read and how long it took. Reelhouse reads every
// file in full on each parse, so none is partially parsed or statically analysed.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../project/types.js';

/** The file parse writes its performance summary to, in the target folder. */
export const PERF_INFO_FILE_NAME = 'perf_info.json';

/** The performance summary of a parse that read `manifest`'s files in `elapsedSeconds`. */
export function perfInfoJson(manifest: Manifest, elapsedSeconds: number, staticParser: boolean): Record<string, unknown> {
  const files = new Set<string>();
  const collections = [manifest.nodes, manifest.sources, manifest.macros, manifest.docs, manifest.exposures, manifest.metrics, manifest.semantic_models, manifest.saved_queries, manifest.unit_tests] as const;
  for (const collection of collections) {
    for (const entry of Object.values((collection ?? {}) as Record<string, { package_name?: unknown; original_file_path?: unknown }>)) {
      if (typeof entry.original_file_path === 'string' && typeof entry.package_name === 'string') files.add(`${entry.package_name}://${entry.original_file_path}`);
    }
  }
  return {
    path_count: files.size,
    parsed_path_count: files.size,
    static_analysis_path_count: 0,
    static_analysis_parsed_path_count: 0,
    is_partial_parse_enabled: false,
    is_static_analysis_enabled: staticParser,
    load_all_elapsed: elapsedSeconds,
    projects: [],
  };
}

/** Writes perf_info.json into `targetDir`, as dbt writes it (4-space indent); returns its path. */
export async function writePerfInfo(targetDir: string, info: Record<string, unknown>): Promise<string> {
  const path = join(targetDir, PERF_INFO_FILE_NAME);
  await mkdir(targetDir, { recursive: true });
  await writeFile(path, JSON.stringify(info, null, 4));
  return path;
}
