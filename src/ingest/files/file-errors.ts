import { isReelhouseError, userError, type Diagnostic, type ReelhouseError } from '../../core/diagnostic.js';
import type { FilesSourceConfig } from '../config/ingest-config.js';
import type { FileFormat } from './file-reader.js';

/** Said of every file that fails: what happened to the rest of its source, and when it is read again. */
export const FILE_RETRIED = 'The source\'s other files still load; this one is read again on the next run.';

const FORMAT_HINTS: Record<FileFormat, string> = {
  csv: 'Check it is a CSV file with balanced quotes; a different delimiter, quote or escape character can be set under csv: on the source.',
  parquet: 'The file may be truncated or not Parquet at all: export it again, or move it out of the source\'s path.',
  json: 'Each line must hold one JSON object (newline-delimited JSON), or the whole file one JSON array of objects.',
};

/** The file a failure is about, as the loader knows it. */
export interface FailedFile {
  /** Path on disk. */
  path: string;
  /** Path relative to the project, as users see it. */
  key: string;
  format: FileFormat;
}

/** A reader failure as one paragraph naming the file (and line when DuckDB gives it), without SQL or paths of scratch copies. */
export function unreadableFile(source: FilesSourceConfig, file: FailedFile, error: unknown): ReelhouseError {
  const raw = error instanceof Error ? error.message : String(error);
  const firstLine = raw.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? raw;
  let reason = firstLine
    .replace(/^[A-Za-z ]*Error: /, '')
    .replaceAll(`"${file.path}"`, '').replaceAll(file.path, file.key)
    .replace(/\s+in file\s*[",]?/i, ' ').replace(/\s+/g, ' ').trim();
  if (/sniffing file/i.test(firstLine)) reason = 'its delimiter and quoting could not be worked out (often a quote that is never closed)';
  const line = /\bline (\d+)/.exec(firstLine)?.[1];
  const format = file.format === 'csv' ? 'CSV' : file.format === 'json' ? 'JSON' : 'Parquet';
  return userError(
    'ingest-file-unreadable',
    `Cannot read ${file.key} (source '${source.name}') as ${format}: ${reason.replace(/[.:]\s*$/, '')}. Nothing from this file was loaded. ${FILE_RETRIED}`,
    line !== undefined ? { file: file.path, line: Number(line) } : { file: file.path },
    FORMAT_HINTS[file.format],
  );
}

/** A file that could not even be opened or hashed (permissions, vanished mid-run). */
export function unopenableFile(source: FilesSourceConfig, file: { path: string; key: string }, error: unknown): Diagnostic {
  const reason = error instanceof Error ? error.message.replaceAll(file.path, file.key) : String(error);
  return userError(
    'ingest-file-unreadable',
    `Cannot open ${file.key} (source '${source.name}'): ${reason}. Nothing from this file was loaded. ${FILE_RETRIED}`,
    { file: file.path },
    'Check the file exists and the user running reelhouse may read it.',
  ).diagnostic;
}

/** Any error of one file's load as its diagnostic: the loader's own are already worded for the user. */
export function fileDiagnostic(source: FilesSourceConfig, file: FailedFile, error: unknown): Diagnostic {
  const diagnostic = isReelhouseError(error) && error.diagnostic.code !== 'database-error' ? error.diagnostic : unreadableFile(source, file, error).diagnostic;
  if (diagnostic.message.includes(FILE_RETRIED)) return diagnostic;
  return { ...diagnostic, message: `${diagnostic.message.replace(/\s*$/, '')} ${FILE_RETRIED}` };
}

/**
 * The error of a source some of whose files failed: the file's own diagnostic when only one
 * did, else one line naming each (the CLI prints every file's diagnostic before it).
 */
export function sourceFailure(source: FilesSourceConfig, failures: Array<{ key: string; diagnostic: Diagnostic }>): Diagnostic {
  if (failures.length === 1 && failures[0] !== undefined) return failures[0].diagnostic;
  const names = failures.map((f) => `${f.key}${f.diagnostic.location?.line ? ` (line ${f.diagnostic.location.line})` : ''}`);
  return {
    code: 'ingest-files-failed',
    severity: 'error',
    message: `${failures.length} files of source '${source.name}' could not be loaded: ${names.join(', ')}. Its other files were loaded; these are read again on the next run.`,
    hint: 'Each file\'s own error above says what is wrong with it and what to do.',
    location: source.location,
  };
}
