// The built-in macros are the same text on every run, yet reading them (scanning each file for
// its blocks, parsing every macro for its parameters and the calls it makes, compiling it) cost
// about a quarter of a small project's parse. The build records what those reads find in an index
// beside the compiled code, by the hash of each file's text (scripts/index-global-macros.mjs): a
// built-in file whose text is indexed is taken from it, and its macros are compiled only when one
// of them is called. A file the index does not hold (edited since the build, or no index at all)
// is read like any other.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { StaticCall } from '../../templating/index.js';
import type { BlockKind, JinjaBlock } from './jinja-blocks.js';

/** The blocks a macro file defines. */
export const MACRO_BLOCKS: readonly BlockKind[] = ['macro', 'test', 'materialization'];

/** What reading one macro file finds: its blocks, and each macro's signature and calls. */
export interface IndexedMacroFile {
  blocks: JinjaBlock[];
  macros: IndexedMacro[];
}

/** One macro of an indexed file, as its compiled definition would describe it. */
export interface IndexedMacro {
  name: string;
  line: number;
  params: { name: string; hasDefault: boolean }[];
  calls: StaticCall[];
}

/** The index file: written by the build beside dist/src. */
export const MACRO_INDEX_URL = new URL('../../../macro-index.json', import.meta.url);

let index: Map<string, IndexedMacroFile> | undefined;

/** The key a file's text is indexed by. */
export function macroTextKey(source: string): string {
  return createHash('sha1').update(source).digest('hex');
}

/** What the build's index holds for a built-in file with this text, if it holds it. */
export function indexedMacroFile(source: string): IndexedMacroFile | undefined {
  index ??= readIndex();
  return index.size === 0 ? undefined : index.get(macroTextKey(source));
}

function readIndex(): Map<string, IndexedMacroFile> {
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(MACRO_INDEX_URL, 'utf8')) as Record<string, IndexedMacroFile>));
  } catch {
    // No index (a build that skipped it): every file is read from its text.
    return new Map();
  }
}
