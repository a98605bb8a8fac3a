// Where in a model's own .sql file a warehouse error is. DuckDB reports `LINE n:` of the
// statement it ran: the compiled SQL inside the materialization's wrapper (`create table ...
// as (`), after Jinja has expanded, so n is a line of neither the compiled file nor the model.
// The statement fixes the compiled line; the compiled line is then aligned with the source.

/** A warehouse error's place in the compiled SQL and, when it can be told, in the source file. */
export interface SqlErrorLocation {
  /** 1-based line in the compiled SQL. */
  compiledLine: number;
  compiledColumn?: number | undefined;
  /** 1-based line in the source file; with `sourceLineEnd`, the error is somewhere in that range. */
  sourceLine?: number | undefined;
  sourceLineEnd?: number | undefined;
  sourceColumn?: number | undefined;
}

/** DuckDB's position report: `LINE 7:   no_such_column` and a caret line under it. */
interface ReportedPosition {
  line: number;
  /** The statement's line as DuckDB shows it (may be cut short with `...`). */
  snippet: string;
  /** 0-based column of the caret within `snippet`, when there is a caret. */
  caret: number | undefined;
  /** The text of the `LINE n:` line and of the caret line, for rewriting. */
  lineText: string;
  caretText: string | undefined;
}

function reportedPosition(message: string): ReportedPosition | undefined {
  const lines = message.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)LINE (\d+): ?(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const prefix = lines[i]!.length - m[3]!.length;
    const next = lines[i + 1];
    const caretAt = next !== undefined && /^\s*\^\s*$/.test(next) ? next.indexOf('^') : -1;
    return {
      line: Number(m[2]),
      snippet: m[3]!,
      caret: caretAt >= prefix ? caretAt - prefix : undefined,
      lineText: lines[i]!,
      caretText: caretAt >= 0 ? next : undefined,
    };
  }
  return undefined;
}

/**
 * The snippet without DuckDB's `...` marks and without its leading blanks (the model's first line
 * sits behind the create statement's indent, which the compiled line lacks), and how many
 * characters were cut at its start.
 */
function snippetCore(snippet: string): { core: string; cutStart: number } {
  let core = snippet;
  let cutStart = 0;
  if (core.startsWith('...')) {
    core = core.slice(3);
    cutStart = 3;
  }
  if (core.endsWith('...')) core = core.slice(0, -3);
  const trimmed = core.trimStart();
  return { core: trimmed, cutStart: cutStart + core.length - trimmed.length };
}

const lineCount = (text: string): number => text.split('\n').length;

/**
 * The compiled line DuckDB's `LINE n` points at: exactly, from the statement it ran when that is
 * known; else the compiled line holding the quoted text nearest above n (the wrapper only adds lines before).
 */
function compiledLineOf(pos: ReportedPosition, compiled: string, statement: string | undefined): number | undefined {
  const lines = compiled.split('\n');
  const { core } = snippetCore(pos.snippet);
  const agrees = (line: number): boolean => line >= 1 && line <= lines.length && (core.trim() === '' || lines[line - 1]!.includes(core));
  const body = compiled.trim();
  if (statement !== undefined && body !== '') {
    const at = statement.indexOf(body);
    if (at >= 0) {
      const leading = compiled.slice(0, compiled.length - compiled.trimStart().length);
      const line = pos.line - (lineCount(statement.slice(0, at)) - 1) + (lineCount(leading) - 1);
      if (agrees(line)) return line;
    }
  }
  if (core.trim() === '') return undefined;
  const candidates = lines.flatMap((text, i) => (text.includes(core) ? [i + 1] : []));
  const above = candidates.filter((line) => line <= pos.line);
  if (above.length > 0) return above[above.length - 1];
  return candidates[0];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A source line as a pattern its compiled line matches: `{{ ... }}` stands for any text and
 * `{% ... %}` for none. Undefined when too little literal text is left to tell lines apart.
 */
function sourcePattern(line: string): RegExp | undefined {
  if (!line.includes('{{') && !line.includes('{%')) return undefined;
  const parts = line.trim().replace(/\{%.*?%\}/g, '').split(/\{\{.*?\}\}/);
  if (parts.join('').replace(/\s/g, '').length < 3) return undefined;
  return new RegExp(`^${parts.map((p) => escapeRegExp(p.trim()).replace(/\s+/g, '\\s*')).join('.*?')}$`);
}

/**
 * Pairs the lines of the compiled SQL with the source lines they came from, in order (a longest
 * common subsequence of equal lines, or of lines whose Jinja expressions expanded), as anchors.
 */
function anchors(compiled: string[], source: string[]): [number, number][] {
  const n = compiled.length;
  const m = source.length;
  const key = (s: string): string => s.trim();
  const patterns = source.map(sourcePattern);
  const same = (i: number, j: number): boolean => {
    const c = key(compiled[i]!);
    return c !== '' && (c === key(source[j]!) || patterns[j]?.test(c) === true);
  };
  // Big files: pair lines that occur once in each instead of the quadratic table.
  if (n * m > 1_000_000) {
    const once = (lines: string[]) => {
      const seen = new Map<string, number>();
      lines.forEach((l, i) => seen.set(key(l), seen.has(key(l)) ? -1 : i));
      return seen;
    };
    const a = once(compiled);
    const b = once(source);
    const pairs: [number, number][] = [];
    for (const [text, i] of a) {
      const j = b.get(text);
      if (text !== '' && i >= 0 && j !== undefined && j >= 0) pairs.push([i, j]);
    }
    pairs.sort((x, y) => x[0] - y[0]);
    const kept: [number, number][] = [];
    for (const p of pairs) if (kept.length === 0 || p[1] > kept[kept.length - 1]![1]) kept.push(p);
    return kept;
  }
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[at(i, j)] = same(i, j) ? table[at(i + 1, j + 1)]! + 1 : Math.max(table[at(i + 1, j)]!, table[at(i, j + 1)]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (same(i, j) && table[at(i, j)] === table[at(i + 1, j + 1)]! + 1) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[at(i + 1, j)]! >= table[at(i, j + 1)]!) i++;
    else j++;
  }
  return pairs;
}

/** The source line (or range of lines) a 1-based compiled line came from. */
function sourceLinesOf(compiledLine: number, compiled: string[], source: string[]): { start: number; end: number } | undefined {
  const c = compiledLine - 1;
  // Trailing blank lines (a final newline in one text and not the other) would widen the last gap.
  const content = (lines: string[]): string[] => {
    let end = lines.length;
    while (end > 0 && lines[end - 1]!.trim() === '') end--;
    return lines.slice(0, end);
  };
  compiled = content(compiled);
  source = content(source);
  if (c >= compiled.length) return undefined;
  const pairs = anchors(compiled, source);
  const exact = pairs.find(([ci]) => ci === c);
  if (exact) return { start: exact[1] + 1, end: exact[1] + 1 };
  let before: [number, number] = [-1, -1];
  let after: [number, number] = [compiled.length, source.length];
  for (const p of pairs) {
    if (p[0] < c) before = p;
    else if (p[0] > c) {
      after = p;
      break;
    }
  }
  const compiledGap = after[0] - before[0];
  const sourceGap = after[1] - before[1];
  if (sourceGap <= 1) return undefined;
  // As many lines between the anchors on both sides: Jinja replaced text within lines.
  if (compiledGap === sourceGap) {
    const line = before[1] + (c - before[0]) + 1;
    return { start: line, end: line };
  }
  return { start: before[1] + 2, end: after[1] };
}

/** The identifier-like word at a column, for finding the same token in the source line. */
function tokenAt(text: string, column: number): string | undefined {
  const word = /[A-Za-z0-9_."]/;
  if (column < 0 || column >= text.length || !word.test(text[column]!)) return undefined;
  let start = column;
  let end = column;
  while (start > 0 && word.test(text[start - 1]!)) start--;
  while (end < text.length && word.test(text[end]!)) end++;
  return text.slice(start, end);
}

/**
 * Finds where a warehouse error is in a node's compiled SQL and in its source file. `statement`
 * is the SQL the warehouse ran, when known (it fixes the wrapper's extra lines exactly).
 */
export function locateSqlError(message: string, compiled: string, source: string, statement?: string): SqlErrorLocation | undefined {
  const pos = reportedPosition(message);
  if (!pos) return undefined;
  const compiledLine = compiledLineOf(pos, compiled, statement);
  if (compiledLine === undefined) return undefined;
  const compiledLines = compiled.split('\n');
  const sourceLines = source.split('\n');
  const text = compiledLines[compiledLine - 1]!;
  let compiledColumn: number | undefined;
  if (pos.caret !== undefined) {
    const { core, cutStart } = snippetCore(pos.snippet);
    const from = core.trim() === '' ? 0 : text.indexOf(core);
    if (from >= 0 && pos.caret >= cutStart) compiledColumn = from + pos.caret - cutStart + 1;
  }
  const found = sourceLinesOf(compiledLine, compiledLines, sourceLines);
  const location: SqlErrorLocation = { compiledLine, compiledColumn };
  if (!found) return location;
  location.sourceLine = found.start;
  if (found.end !== found.start) {
    location.sourceLineEnd = found.end;
    return location;
  }
  const sourceText = sourceLines[found.start - 1]!;
  if (compiledColumn !== undefined) {
    if (sourceText === text) location.sourceColumn = compiledColumn;
    else {
      // The same word once in the source line (as a whole word) is where the caret points.
      const token = tokenAt(text, compiledColumn - 1);
      const hits = token ? [...sourceText.matchAll(new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(token)}(?![A-Za-z0-9_])`, 'g'))] : [];
      if (hits.length === 1) location.sourceColumn = hits[0]!.index! + 1;
    }
  }
  return location;
}

/**
 * DuckDB's message with its `LINE n:` made the compiled file's line (the statement's line
 * matches nothing the user has), the caret kept under the same character.
 */
export function withCompiledLineNumber(message: string, compiledLine: number): string {
  const pos = reportedPosition(message);
  if (!pos) return message;
  const renumbered = pos.lineText.replace(/LINE \d+:/, `LINE ${compiledLine}:`);
  const shift = renumbered.length - pos.lineText.length;
  let out = message.replace(pos.lineText, renumbered);
  if (pos.caretText !== undefined && shift !== 0) {
    const caret = shift > 0 ? ' '.repeat(shift) + pos.caretText : pos.caretText.slice(Math.min(-shift, pos.caretText.indexOf('^')));
    out = out.replace(`${renumbered}\n${pos.caretText}`, `${renumbered}\n${caret}`);
  }
  return out;
}
