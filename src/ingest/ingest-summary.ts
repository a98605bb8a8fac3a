import type { Diagnostic } from '../core/diagnostic.js';

/** What one source's run did, as plain data for the CLI, run history and tests. */
export interface IngestSummary {
  name: string;
  type: 'files' | 'rest' | 'postgres';
  status: 'success' | 'error';
  /** Tables written (`raw.users_raw`). */
  tables: string[];
  filesLoaded: number;
  filesSkipped: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** The snapshot file a REST run wrote, if any. */
  snapshot?: string;
  elapsedMs: number;
  /** Notes worth showing (a file reloaded because it changed, rows rejected...). */
  messages: string[];
  /** The source's failure: the one failed file's diagnostic, or one naming every failed file. */
  error?: Diagnostic;
  /** Files sources: each file that could not be loaded (the others were; these are retried next run). */
  fileErrors?: Diagnostic[];
}

/** Progress of a long step, for progress bars. */
export interface IngestProgress {
  step: string;
  done: number;
  total: number;
}

/** Options every source runner takes. */
export interface RunContext {
  onProgress?: ((p: IngestProgress) => void) | undefined;
  log?: ((line: string) => void) | undefined;
}
