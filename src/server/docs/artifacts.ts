import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

type Json = Record<string, unknown>;

/** dbt's artifacts in target/, as plain JSON (any dbt-shaped target folder works). */
export interface Artifacts {
  manifest: Json | undefined;
  catalog: Json | undefined;
  runResults: Json | undefined;
  /** sources.json: the last `source freshness` results. */
  sources: Json | undefined;
  /** Changes whenever one of the files changes, for caches built on them. */
  version: string;
}

/** Reads manifest.json, catalog.json, run_results.json and sources.json, re-reading a file only when it changed. */
export class ArtifactReader {
  private readonly cache = new Map<string, { mtimeMs: number; size: number; value: Json | undefined }>();

  constructor(readonly targetDir: string) {}

  async read(): Promise<Artifacts> {
    const [manifest, catalog, runResults, sources] = await Promise.all([
      this.file('manifest.json'),
      this.file('catalog.json'),
      this.file('run_results.json'),
      this.file('sources.json'),
    ]);
    const version = ['manifest.json', 'catalog.json', 'run_results.json', 'sources.json']
      .map((f) => {
        const c = this.cache.get(f);
        return c ? `${c.mtimeMs}:${c.size}` : '-';
      })
      .join('|');
    return { manifest, catalog, runResults, sources, version };
  }

  private async file(name: string): Promise<Json | undefined> {
    const path = join(this.targetDir, name);
    let info;
    try {
      info = await stat(path);
    } catch {
      this.cache.delete(name);
      return undefined;
    }
    const cached = this.cache.get(name);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.value;
    let value: Json | undefined;
    try {
      value = JSON.parse(await readFile(path, 'utf8')) as Json;
    } catch {
      // A file being rewritten by a running build: keep the last good copy.
      return cached?.value;
    }
    this.cache.set(name, { mtimeMs: info.mtimeMs, size: info.size, value });
    return value;
  }
}
