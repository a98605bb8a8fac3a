import { open, type FileHandle } from 'node:fs/promises';

// The text is encoded straight into buffers of this size; one is written (on libuv's thread
// pool) while the next is filled, so producing the text and writing it overlap.
const CHUNK = 1 << 22;

// Buffers are kept for the next artifact: allocating fresh ones for every file counts as
// external memory, and V8 answers each few such megabytes with a full garbage collection,
// which cost an incremental run of a small project more than writing its artifacts did.
const spare: Buffer[] = [];
const KEPT_BUFFERS = 4;
const takeBuffer = (): Buffer => spare.pop() ?? Buffer.allocUnsafe(CHUNK);

/**
 * Writes the concatenation of `parts` to `file`. Artifacts of large projects are tens of MB:
 * encoding their pieces into two reusable buffers, rather than joining them into one string
 * and converting that, saves a copy of the whole text and most of the garbage.
 */
export async function writeParts(file: string, parts: Iterable<string>): Promise<void> {
  const handle = await open(file, 'w');
  let buffer = takeBuffer();
  let next = takeBuffer();
  let writing: Promise<void> = Promise.resolve();
  try {
    let used = 0;
    for (const part of parts) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit: past that bound the piece might not fit.
      if (part.length * 3 > CHUNK - used) {
        await writing;
        if (used > 0) {
          writing = started(writeAll(handle, buffer, used));
          [buffer, next] = [next, buffer];
          used = 0;
        }
        if (part.length * 3 > CHUNK) {
          await writing;
          const bytes = Buffer.from(part);
          writing = started(writeAll(handle, bytes, bytes.length));
          continue;
        }
      }
      used += buffer.write(part, used);
    }
    await writing;
    if (used > 0) await writeAll(handle, buffer, used);
  } finally {
    // A buffer goes back only once no write uses it, also when producing the text threw mid-write.
    await writing.catch(() => undefined);
    await handle.close();
    for (const b of [buffer, next]) if (spare.length < KEPT_BUFFERS) spare.push(b);
  }
}

/** Writes the first `length` bytes of `bytes` (a write may take fewer bytes than it is given). */
async function writeAll(handle: FileHandle, bytes: Buffer, length: number): Promise<void> {
  let done = 0;
  while (done < length) done += (await handle.write(bytes, done, length - done)).bytesWritten;
}

/** A write left running while the next buffer fills: its failure is seen where it is awaited, never as an unhandled rejection. */
function started(write: Promise<void>): Promise<void> {
  write.catch(() => undefined);
  return write;
}
