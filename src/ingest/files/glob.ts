import { readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** True when a path segment contains glob syntax. */
function isPattern(segment: string): boolean {
  return /[*?[{]/.test(segment);
}

/** Turns one glob segment (`*.csv`, `part-?.{csv,tsv}`) into a regular expression. */
function segmentRegex(segment: string): RegExp {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i] as string;
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '{') {
      const close = segment.indexOf('}', i);
      if (close < 0) out += '\\{';
      else {
        out += `(?:${segment.slice(i + 1, close).split(',').map((alt) => alt.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
        i = close;
      }
    } else if (ch === '[') {
      const close = segment.indexOf(']', i);
      if (close < 0) out += '\\[';
      else {
        out += segment.slice(i, close + 1).replace(/^\[!/, '[^');
        i = close;
      }
    } else out += ch.replace(/[.+^$()|\\}]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/**
 * Files matching an absolute glob (`*`, `?`, `[abc]`, `{a,b}`, and `**` for any depth), sorted,
 * so that loads happen in a stable order. Hidden files and folders are skipped.
 */
export async function expandGlob(pattern: string): Promise<string[]> {
  const parts = pattern.split(/[\\/]/);
  const firstPattern = parts.findIndex(isPattern);
  if (firstPattern < 0) return [pattern];
  const base = parts.slice(0, firstPattern).join(sep) || sep;
  const rest = parts.slice(firstPattern);
  const out: string[] = [];
  await walk(base, rest, out);
  return [...new Set(out)].sort();
}

async function walk(dir: string, segments: string[], out: string[]): Promise<void> {
  const [head, ...tail] = segments;
  if (head === undefined) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  if (head === '**') {
    await walk(dir, tail, out);
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) await walk(join(dir, entry.name), segments, out);
    }
    return;
  }
  const regex = segmentRegex(head);
  for (const entry of entries) {
    if (entry.name.startsWith('.') && !head.startsWith('.')) continue;
    if (!regex.test(entry.name)) continue;
    const path = join(dir, entry.name);
    if (tail.length === 0) {
      if (entry.isFile()) out.push(path);
    } else if (entry.isDirectory()) await walk(path, tail, out);
  }
}
