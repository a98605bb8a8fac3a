import { open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/** Delimiters recognised in a header line, in order of preference on a tie. */
const CANDIDATES = [',', ';', '\t', '|'];

/** Bytes read to find the header line; a longer header falls back to what was read. */
const HEAD_BYTES = 256 * 1024;

/**
 * The delimiter of a CSV file, from its header line: the candidate (comma, semicolon, tab,
 * pipe) found most often outside quotes, else a comma. Decided here rather than by DuckDB's
 * sniffer, which on a file it cannot parse (an unclosed quote) settles for no delimiter and
 * loads every line as one column.
 */
export async function detectDelimiter(path: string): Promise<string> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (path.toLowerCase().endsWith('.gz')) {
    try {
      head = gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: a truncated stream is expected */ });
    } catch {
      return ',';
    }
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const counts = new Map(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [candidate, count] of counts) {
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}
