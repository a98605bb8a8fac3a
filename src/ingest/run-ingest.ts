import type { Adapter } from '../adapters/adapter.js';
import { isReelhouseError, userError, type Diagnostic } from '../core/diagnostic.js';
import type { IngestConfig, SourceConfig } from './config/ingest-config.js';
import { loadFilesSource } from './files/load-files.js';
import type { IngestSummary, RunContext } from './ingest-summary.js';
import { runPostgresSource } from './postgres/postgres-source.js';
import { runRestSource } from './rest/rest-source.js';

/**
 * Runs the named sources (every enabled one when `names` is empty), one after the other, into the
 * warehouse. A failing source is reported in its summary and the others still run; asking for
 * a source that does not exist is a user error.
 */
export async function runIngest(
  config: IngestConfig,
  adapter: Adapter,
  names: string[] = [],
  options: RunContext = {},
): Promise<IngestSummary[]> {
  const selected = selectSources(config, names);
  const summaries: IngestSummary[] = [];
  for (const source of selected) {
    const began = Date.now();
    try {
      summaries.push(await runSource(source, config, adapter, options));
    } catch (error) {
      summaries.push({
        name: source.name, type: source.type, status: 'error', tables: [], filesLoaded: 0, filesSkipped: 0,
        rowsLoaded: 0, rowsRejected: 0, elapsedMs: Date.now() - began, messages: [], error: toDiagnostic(error),
      });
    }
  }
  return summaries;
}

function runSource(source: SourceConfig, config: IngestConfig, adapter: Adapter, options: RunContext): Promise<IngestSummary> {
  switch (source.type) {
    case 'files':
      return loadFilesSource(source, adapter, config.projectDir, options);
    case 'rest':
      return runRestSource(source, adapter, config.projectDir, options);
    case 'postgres':
      return runPostgresSource(source, adapter, options);
  }
}

function selectSources(config: IngestConfig, names: string[]): SourceConfig[] {
  // A disabled source is opt-in: it runs only when asked for by name.
  if (names.length === 0) return config.sources.filter((s) => s.enabled !== false);
  return names.map((name) => {
    const found = config.sources.find((s) => s.name === name);
    if (!found) {
      const known = config.sources.map((s) => s.name);
      throw userError('ingest-source-not-found', `There is no ingest source named '${name}'.`, config.file ? { file: config.file } : undefined,
        known.length ? `Sources in this project: ${known.join(', ')}.` : 'This project declares no sources; add them to ingest.yml.');
    }
    return found;
  });
}

/** A failure as a diagnostic; unexpected errors keep their message but no stack. */
function toDiagnostic(error: unknown): Diagnostic {
  if (isReelhouseError(error)) return error.diagnostic;
  return { code: 'ingest-failed', severity: 'error', message: error instanceof Error ? error.message : String(error) };
}
