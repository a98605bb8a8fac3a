import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { userError, type SourceLocation } from '../../core/diagnostic.js';

/** Encodings DuckDB's CSV reader decodes by itself; any other is converted to UTF-8 first. */
const NATIVE_ENCODINGS = new Set(['utf-8', 'utf8']);

/** True when a file in `encoding` can go to DuckDB as it is. */
export function isNativeEncoding(encoding: string | undefined): boolean {
  return encoding === undefined || NATIVE_ENCODINGS.has(encoding.toLowerCase());
}

/**
 * Checks that `encoding` is one the loader can convert (any WHATWG label: windows-1252, latin1,
 * iso-8859-15, utf-16le, shift_jis...), so a typo fails before any file is read.
 */
export function checkEncoding(encoding: string, where: SourceLocation): void {
  try {
    new TextDecoder(encoding);
  } catch {
    throw userError('ingest-config-invalid', `Unknown CSV encoding '${encoding}'.`, where,
      'Use a standard label such as utf-8, windows-1252 (Excel on Windows), latin1, iso-8859-15 or utf-16le.');
  }
}

/**
 * Converts a file (gzip-compressed when its name ends in .gz) from `encoding` to UTF-8 at `out`,
 * streaming, so memory stays bounded. DuckDB reads only UTF-8 well: Latin-1 it maps byte for
 * byte, which turns Windows-1252's euro sign and curly quotes into control characters.
 */
export async function transcodeToUtf8(path: string, encoding: string, out: string): Promise<void> {
  const decoder = new TextDecoder(encoding);
  const decode = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  const sink = createWriteStream(out);
  if (path.toLowerCase().endsWith('.gz')) await pipeline(source, createGunzip(), decode, sink);
  else await pipeline(source, decode, sink);
}
