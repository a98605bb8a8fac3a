// dbt diffs a failing unit test's rows with the Python build of daff; the npm build used here is
// compiled from the same Haxe source, so alignment, markers and layout are the same. What differs
// between the two builds is how a cell becomes text, and this module gives the Python build's way:
// the table view dbt passes (daff's PythonTableView) shows a cell as Python's str() and compares
// cells by it (None reads "None" there and "" on screen), and the coloured rows of an added or
// removed row print their cells through Haxe's Python Std.string, which is repr() for a Decimal or
// a date (`Decimal('2.50')`), `true`/`false` for a bool and `null` for None.
import { createRequire } from 'node:module';
import { PyInt, pyRepr, pyStr } from '../templating/index.js';

/** The part of daff's table interface its diff reads and writes. */
interface DaffTable {
  get_width(): number;
  get_height(): number;
  getCell(x: number, y: number): unknown;
  setCell(x: number, y: number, c: unknown): void;
}

interface DaffAlignment {
  readonly __alignment: unique symbol;
}

interface DaffCompareFlags {
  ordered: boolean;
}

interface DaffTableDiff {
  hilite(output: DaffTable): boolean;
  hasDifference(): boolean;
}

/** The daff entry points dbt's unit test runner calls. */
interface DaffModule {
  Coopy: { compareTables(local: DaffTable, remote: DaffTable, flags: DaffCompareFlags): { align(): DaffAlignment } };
  CompareFlags: new () => DaffCompareFlags;
  TableDiff: new (alignment: DaffAlignment, flags: DaffCompareFlags) => DaffTableDiff;
  TerminalDiffRender: new () => { render(table: DaffTable): string };
}

const daff = createRequire(import.meta.url)('daff') as DaffModule;

/** A value daff's JavaScript build would print its own way: printed as the Python build prints it instead. */
class PythonCell {
  constructor(readonly value: unknown) {}

  toString(): string {
    // Haxe's Python Std.string: str() for an int, repr() for any other object.
    return this.value instanceof PyInt ? pyStr(this.value) : pyRepr(this.value);
  }
}

function plain(d: unknown): unknown {
  return d instanceof PythonCell ? d.value : d;
}

// daff's PythonCellView: text is str(), "" for None; equality is of str(), so None equals "None".
const PYTHON_CELL_VIEW = {
  toString: (d: unknown): string => (d === null || d === undefined ? '' : pyStr(plain(d))),
  equals: (a: unknown, b: unknown): boolean => pyStr(plain(a) ?? null) === pyStr(plain(b) ?? null),
  toDatum: (d: unknown): unknown => d,
  makeHash: (): Record<string, unknown> => ({}),
  isHash: (d: unknown): boolean => Object.getPrototypeOf(d ?? 0) === Object.prototype,
  hashSet: (h: Record<string, unknown>, k: string, v: unknown): void => {
    h[k] = v;
  },
  hashGet: (h: Record<string, unknown>, k: string): unknown => h[k],
  hashExists: (h: Record<string, unknown>, k: string): boolean => Object.hasOwn(h, k),
};

/** daff's PythonTableView: rows of cells, resized and reordered in place as daff's diff asks. */
class PythonTableView implements DaffTable {
  private width = 0;
  private height: number;

  constructor(private data: unknown[][]) {
    this.height = data.length;
    if (this.height > 0) this.width = data[0]!.length;
  }

  get_width(): number {
    return this.width;
  }
  get_height(): number {
    return this.height;
  }
  getCell(x: number, y: number): unknown {
    return this.data[y]![x];
  }
  setCell(x: number, y: number, c: unknown): void {
    this.data[y]![x] = c;
  }
  getCellView(): typeof PYTHON_CELL_VIEW {
    return PYTHON_CELL_VIEW;
  }
  isResizable(): boolean {
    return true;
  }
  resize(w: number, h: number): boolean {
    this.width = w;
    this.height = h;
    for (let i = 0; i < this.data.length; i++) {
      const row = (this.data[i] ??= []);
      while (row.length < w) row.push(null);
    }
    while (this.data.length < h) this.data.push(new Array<unknown>(w).fill(null));
    return true;
  }
  clear(): void {
    for (const row of this.data) row.fill(null);
    this.width = 0;
    this.height = 0;
  }
  trimBlank(): boolean {
    return false;
  }
  getData(): unknown[][] {
    return this.data;
  }
  insertOrDeleteRows(fate: number[], hfate: number): boolean {
    const next: unknown[][] = [];
    fate.forEach((j, i) => {
      if (j === -1) return;
      while (next.length <= j) next.push(null as unknown as unknown[]);
      next[j] = this.data[i]!;
    });
    this.data.length = 0;
    this.data.push(...next);
    this.resize(this.width, hfate);
    return true;
  }
  insertOrDeleteColumns(fate: number[], wfate: number): boolean {
    if (wfate === this.width && wfate === fate.length && fate.every((f, i) => f === i)) return true;
    for (let i = 0; i < this.height; i++) {
      const row = this.data[i]!;
      const next: unknown[] = [];
      for (let j = 0; j < this.width; j++) {
        const at = fate[j]!;
        if (at === -1) continue;
        while (next.length <= at) next.push(null);
        next[at] = row[j];
      }
      while (next.length < wfate) next.push(null);
      this.data[i] = next;
    }
    this.width = wfate;
    return true;
  }
  clone(): PythonTableView {
    const copy = new PythonTableView([]);
    copy.resize(this.width, this.height);
    for (let c = 0; c < this.width; c++) for (let r = 0; r < this.height; r++) copy.setCell(c, r, this.getCell(c, r));
    return copy;
  }
  create(): PythonTableView {
    return new PythonTableView([]);
  }
  getMeta(): null {
    return null;
  }
}

/** daff's verdict and terminal rendering (with its colour codes) of two tables' differences. */
export interface DaffDiff {
  hasDifference: boolean;
  /** TerminalDiffRender's text: aligned columns, `\r\n` line ends, ANSI colours. */
  rendered: string;
}

/**
 * Diffs two tables (a header row, then rows of Python values) as dbt's unit test runner does:
 * unordered comparison of `expected` against `actual`, highlighted, then rendered for a terminal.
 */
export function daffDiff(expected: unknown[][], actual: unknown[][]): DaffDiff {
  const flags = new daff.CompareFlags();
  flags.ordered = false;
  const alignment = daff.Coopy.compareTables(pythonTable(expected), pythonTable(actual), flags).align();
  const diff = new daff.TableDiff(alignment, flags);
  // dbt highlights twice, once to learn whether anything differs and once into the table it renders.
  diff.hilite(new PythonTableView([]));
  if (!diff.hasDifference()) return { hasDifference: false, rendered: '' };
  const highlighted = new PythonTableView([]);
  diff.hilite(highlighted);
  return { hasDifference: true, rendered: new daff.TerminalDiffRender().render(highlighted) };
}

function pythonTable(rows: unknown[][]): PythonTableView {
  const cell = (v: unknown): unknown => (v !== null && typeof v === 'object' ? new PythonCell(v) : v);
  return new PythonTableView(rows.map((row) => row.map(cell)));
}
