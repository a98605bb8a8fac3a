// Finds dbt's top-level Jinja blocks ({% macro %}, {% test %}, {% materialization %},
// {% snapshot %}, {% docs %}) in a file without rendering it. A scanner is enough here and
// keeps loading fast: it only has to respect comments, {% raw %} and quoted strings so that
// a tag inside them is not taken for a real one.

/** The block kinds dbt extracts from files. */
export type BlockKind = 'macro' | 'test' | 'materialization' | 'snapshot' | 'docs';

/** One block found in a file, with offsets into the source. */
export interface JinjaBlock {
  kind: BlockKind;
  /** The text after the tag name, e.g. `my_macro(a, b=1)` or `view, adapter='duckdb'`. */
  header: string;
  /** Offset of the opening `{%`. */
  start: number;
  /** Offset just after the closing end tag. */
  end: number;
  /** Body between the opening tag and the end tag. */
  bodyStart: number;
  bodyEnd: number;
  /** 1-based line of the opening tag. */
  line: number;
}

const KINDS = new Set<string>(['macro', 'test', 'materialization', 'snapshot', 'docs']);

interface Tag {
  name: string;
  rest: string;
  start: number;
  end: number;
}

/** Scans `{% ... %}` tags, skipping comments, raw blocks and quoted strings inside tags. */
function* tags(src: string): Generator<Tag> {
  let i = 0;
  const n = src.length;
  while (i < n) {
    const open = src.indexOf('{', i);
    if (open < 0 || open + 1 >= n) return;
    const next = src[open + 1];
    if (next === '#') {
      const close = src.indexOf('#}', open + 2);
      if (close < 0) return;
      i = close + 2;
      continue;
    }
    if (next === '{') {
      i = skipExpression(src, open + 2, '}}');
      continue;
    }
    if (next !== '%') {
      i = open + 1;
      continue;
    }
    const close = skipExpression(src, open + 2, '%}');
    const inner = src.slice(open + 2, close - 2).replace(/^[-+]/, '').replace(/[-+]$/, '').trim();
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*([\s\S]*)$/.exec(inner);
    const tag: Tag = { name: m?.[1] ?? '', rest: m?.[2] ?? '', start: open, end: close };
    if (tag.name === 'raw') {
      const endRaw = /\{%-?\s*endraw\s*-?%\}/g;
      endRaw.lastIndex = close;
      const found = endRaw.exec(src);
      i = found ? found.index + found[0].length : n;
      continue;
    }
    yield tag;
    i = close;
  }
}

/** Returns the offset just after `terminator`, ignoring terminators inside quoted strings. */
function skipExpression(src: string, from: number, terminator: string): number {
  let i = from;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (c === terminator[0] && src[i + 1] === terminator[1]) return i + 2;
    i++;
  }
  return n;
}

/** Finds the top-level blocks of the given kinds; an unclosed block is reported with its line. */
export function findBlocks(src: string, kinds: readonly BlockKind[] = ['macro', 'test', 'materialization', 'snapshot', 'docs']): { blocks: JinjaBlock[]; unclosed?: { kind: BlockKind; line: number } } {
  const wanted = new Set<string>(kinds);
  const blocks: JinjaBlock[] = [];
  let open: { kind: BlockKind; header: string; start: number; bodyStart: number } | undefined;
  let depth = 0;
  for (const tag of tags(src)) {
    if (!open) {
      if (KINDS.has(tag.name) && wanted.has(tag.name)) {
        open = { kind: tag.name as BlockKind, header: tag.rest, start: tag.start, bodyStart: tag.end };
        depth = 0;
      }
      continue;
    }
    if (tag.name === open.kind) depth++;
    else if (tag.name === `end${open.kind}`) {
      if (depth > 0) depth--;
      else {
        blocks.push({ ...open, end: tag.end, bodyEnd: tag.start, line: lineAt(src, open.start) });
        open = undefined;
      }
    }
  }
  if (open) return { blocks, unclosed: { kind: open.kind, line: lineAt(src, open.start) } };
  return { blocks };
}

/** 1-based line number of an offset. */
export function lineAt(src: string, offset: number): number {
  let line = 1;
  let i = src.indexOf('\n');
  while (i >= 0 && i < offset) {
    line++;
    i = src.indexOf('\n', i + 1);
  }
  return line;
}

/** The name a block defines: `test_<name>` for tests, `materialization_<name>_<adapter>` for materializations. */
export function blockMacroName(block: JinjaBlock): string | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(block.header.trim());
  if (!m) return undefined;
  const name = m[1]!;
  if (block.kind === 'test') return `test_${name}`;
  if (block.kind === 'materialization') {
    const adapter = /adapter\s*=\s*['"]([^'"]+)['"]/.exec(block.header)?.[1] ?? 'default';
    return `materialization_${name}_${adapter}`;
  }
  return name;
}
