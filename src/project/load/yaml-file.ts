// YAML reading with line numbers. dbt reads YAML with PyYAML (YAML 1.1: `yes`/`on` are
// booleans), so the same rules apply here. A key written twice is refused, except in property
// files, where dbt keeps the last value and warns (parsePropertyYaml). Plain JS values come
// back, and a side table remembers the line where every mapping, list item and key starts,
// so later errors can point at the user's file.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { userError } from '../../core/diagnostic.js';
import { yamlSyntaxError } from '../../core/yaml-syntax-error.js';
import { parseYamlFast } from './yaml-fast.js';
import { PlainResolver } from './yaml-fast-scalars.js';
import { indentFlowContinuations } from './yaml-flow-indent.js';
import { PY_NUMBER_TAGS, PY_TYPED_SCALAR_TAGS, REPLACED_TAGS } from './yaml-py-scalars.js';

/** Line numbers (1-based) of the mappings, sequences and keys of one parsed YAML file. */
export class YamlLines {
  // One entry per mapping: its line, then each key and its line ([line, key, line, key, line...]);
  // one per list: its line, then each item's ([line, line...]). A Map and three weak entries per
  // mapping were most of the cost of reading a large property file, and of collecting it. The
  // tables are plain Maps: they live as long as the parsed value that holds the same objects,
  // and weak tables cost the collector far more.
  private readonly maps = new Map<object, (string | number)[]>();
  private readonly lists = new Map<object, number[]>();
  // Keys of large mappings, indexed on first look-up (a scan would be slow there).
  private readonly bigMaps = new WeakMap<object, Map<string, number>>();

  constructor(readonly file: string) {}

  /** Line where a mapping or list starts, if it came from this file. */
  lineOf(value: unknown, fallback = 1): number {
    if (typeof value !== 'object' || value === null) return fallback;
    return (Array.isArray(value) ? this.lists.get(value)?.[0] : this.maps.get(value)?.[0]) as number || fallback;
  }

  /** Line of `key` inside the mapping `obj`. */
  keyLine(obj: unknown, key: string, fallback?: number): number {
    const fb = fallback ?? this.lineOf(obj);
    if (typeof obj !== 'object' || obj === null) return fb;
    const info = this.maps.get(obj);
    if (!info) return fb;
    if (info.length > BIG_MAPPING) {
      let index = this.bigMaps.get(obj);
      if (!index) {
        index = new Map();
        for (let i = 1; i < info.length; i += 2) index.set(info[i] as string, info[i + 1] as number);
        this.bigMaps.set(obj, index);
      }
      return index.get(key) ?? fb;
    }
    // From the end: a key set again has its later line.
    for (let i = info.length - 2; i >= 1; i -= 2) if (info[i] === key) return info[i + 1] as number;
    return fb;
  }

  /** Line of the `index`-th item of the list `arr`. */
  itemLine(arr: unknown, index: number, fallback?: number): number {
    const fb = fallback ?? this.lineOf(arr);
    if (typeof arr !== 'object' || arr === null || !(index >= 0)) return fb;
    return this.lists.get(arr)?.[index + 1] ?? fb;
  }

  /** @internal */ setObject(obj: object, line: number): void {
    const table = Array.isArray(obj) ? this.lists : this.maps;
    const info = table.get(obj);
    if (info) info[0] = line;
    else table.set(obj, [line]);
  }
  /** @internal */ setKey(obj: object, key: string, line: number): void {
    const info = this.maps.get(obj);
    if (info) info.push(key, line);
    else this.maps.set(obj, [0, key, line]);
    if (info && info.length > BIG_MAPPING) this.bigMaps.delete(obj);
  }
  /** @internal */ setItems(arr: object, lines: number[]): void {
    let info = this.lists.get(arr);
    if (info) info.length = 1;
    else this.lists.set(arr, (info = [0]));
    for (const line of lines) info.push(line);
  }
  /** @internal A mapping just read, all at once: `info` is [its line, key, line, key, line...], and is kept. */ setMapping(obj: object, info: (string | number)[]): void {
    this.maps.set(obj, info);
  }
  /** @internal A list just read, all at once: `info` is [its line, each item's line...], and is kept. */ setList(arr: object, info: number[]): void {
    this.lists.set(arr, info);
  }
}

// Mappings with more keys than this (times two, with their lines) are looked up through a Map.
const BIG_MAPPING = 2 * 32;

/** A parsed YAML file: its value and where each part of it is. */
export interface YamlFile {
  value: unknown;
  lines: YamlLines;
}

/** A key written again in the same mapping, at the place of its later writing. */
export interface DuplicateKey {
  key: string;
  line: number;
  column: number;
}

// PyYAML's YAML 1.1 booleans: yes/no/on/off/true/false, but not y/n (the spec's y/n).
const BOOL = 'tag:yaml.org,2002:bool';
const PY_BOOLS = [
  { identify: (v: unknown) => v === true, default: true, tag: BOOL, test: /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/, resolve: () => true, stringify: () => 'true' },
  { identify: (v: unknown) => v === false, default: true, tag: BOOL, test: /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/, resolve: () => false, stringify: () => 'false' },
];
const pyTags = (tags: unknown[], scalars: unknown[]): unknown[] => [
  ...PY_BOOLS,
  ...scalars,
  ...tags.filter((t) => {
    const tag = (t as { tag?: string }).tag ?? '';
    return !REPLACED_TAGS.has(tag) && tag !== BOOL;
  }),
];
/** The YAML library's tags with PyYAML's booleans and numbers and without timestamps, as dbt's files are read. */
export const PY_TAGS = (tags: unknown[]): unknown[] => pyTags(tags, PY_NUMBER_TAGS);
/** PyYAML's tags giving Python values: integral floats keep `.0`, timestamps are dates (vars read in templates). */
export const PY_TYPED_TAGS = (tags: unknown[]): unknown[] => pyTags(tags, PY_TYPED_SCALAR_TAGS);

/** Parses YAML text the way dbt reads its files; syntax errors become `yaml-invalid` with file:line:column. */
export function parseYaml(text: string, file: string): YamlFile {
  // Most property files are plain block YAML: read those quickly, the rest with the library.
  return parseYamlQuickly(text, file) ?? parseYamlWithLibrary(text, file);
}

/** Parses YAML whose values templates read as Python sees them (PyYAML's dates, datetimes and floats). */
export function parseYamlTyped(text: string, file: string): YamlFile {
  const lines = new YamlLines(file);
  const fast = parseYamlFast(text, lines, (typedResolver ??= new PlainResolver(PY_TYPED_TAGS)));
  return fast ? { value: fast.value, lines } : parseYamlWithLibrary(text, file, undefined, PY_TYPED_TAGS);
}

let typedResolver: PlainResolver | undefined;

/** The fast reading of plain block YAML, or undefined when the file needs the library. */
export function parseYamlQuickly(text: string, file: string): YamlFile | undefined {
  const lines = new YamlLines(file);
  const fast = parseYamlFast(text, lines, (plainResolver ??= new PlainResolver(PY_TAGS)));
  return fast ? { value: fast.value, lines } : undefined;
}

let plainResolver: PlainResolver | undefined;

/**
 * Parses a property file (models:, sources: ...) the way dbt does: PyYAML keeps the last value
 * of a key written twice, and dbt reports each one as DuplicateYAMLKeysDeprecation instead of
 * refusing the file (https://docs.getdbt.com/reference/deprecations).
 */
export function parsePropertyYaml(text: string, file: string): YamlFile & { duplicateKeys: DuplicateKey[] } {
  // The quick reader gives up on a repeated key, so whatever it reads has none.
  const quick = parseYamlQuickly(text, file);
  if (quick) return { ...quick, duplicateKeys: [] };
  const duplicateKeys: DuplicateKey[] = [];
  return { ...parseYamlWithLibrary(text, file, duplicateKeys), duplicateKeys };
}

/**
 * The YAML library's reading of `text` (every construct, and its error messages). With
 * `duplicateKeys`, a repeated key keeps its last value and is listed there instead of refused.
 */
export function parseYamlWithLibrary(text: string, file: string, duplicateKeys?: DuplicateKey[], tags = PY_TAGS): YamlFile {
  const lineCounter = new LineCounter();
  const read = (t: string): Document => {
    lineCounter.lineStarts.length = 0;
    return parseDocument(t, {
      version: '1.1',
      lineCounter,
      uniqueKeys: duplicateKeys === undefined,
      // Dates stay strings: dbt users write dates in test arguments and compare them as text.
      customTags: tags as never,
    });
  };
  let doc = read(text);
  if (doc.errors[0]?.code === 'BAD_INDENT') {
    // PyYAML reads flow collections whose lines sit left of their block; so does dbt.
    const retry = read(indentFlowContinuations(text));
    if (retry.errors.length === 0) doc = retry;
    else doc = read(text);
  }
  const lines = new YamlLines(file);
  // PyYAML's safe loader (so dbt) refuses a tag it has no constructor for; this library only warns.
  const first = doc.errors[0] ?? doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (first) throw yamlSyntaxError(first, text, file);
  const lineAt = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  const value = toJs(doc, doc.contents as Node | null, lines, lineAt, 0, (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  }, duplicateKeys);
  return { value, lines };
}

function toJs(doc: Document, node: Node | null | undefined, lines: YamlLines, lineAt: (o: number | undefined) => number, depth: number,
  posAt?: (offset: number) => { line: number; column: number }, duplicates?: DuplicateKey[]): unknown {
  if (node === null || node === undefined) return null;
  if (depth > 200) throw userError('yaml-invalid', 'YAML nests too deeply (or an alias refers to itself)', { file: lines.file });
  const inner = (n: Node | null | undefined): unknown => toJs(doc, n, lines, lineAt, depth + 1, posAt, duplicates);
  if (isScalar(node)) return node.value;
  if (isAlias(node)) {
    const target = node.resolve(doc) as Node | undefined;
    if (target === undefined) {
      // PyYAML refuses the file ("found undefined alias"); reading it as null would hide the typo.
      const at = posAt && node.range ? posAt(node.range[0]) : { line: lineAt(node.range?.[0]) };
      throw userError('yaml-invalid', `Invalid YAML: found undefined alias '${node.source}'`, { file: lines.file, ...at },
        `Define the anchor &${node.source} before this alias uses it, or fix the alias's name.`);
    }
    return inner(target);
  }
  if (isMap(node)) {
    const obj: Record<string, unknown> = {};
    lines.setObject(obj, lineAt(node.range?.[0]));
    const merges: unknown[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const rawKey = isScalar(keyNode) ? keyNode.value : inner(keyNode);
      if (typeof rawKey === 'symbol') {
        // `<<: *anchor` (YAML 1.1 merge key): merged keys never override explicit ones.
        const v = inner(pair.value as Node | null);
        merges.push(...(Array.isArray(v) ? v : [v]));
        continue;
      }
      const key = rawKey === null ? 'null' : typeof rawKey === 'boolean' ? (rawKey ? 'True' : 'False') : String(rawKey);
      if (duplicates && posAt && Object.hasOwn(obj, key)) duplicates.push({ key, ...posAt(keyNode?.range?.[0] ?? 0) });
      obj[key] = inner(pair.value as Node | null);
      lines.setKey(obj, key, lineAt(keyNode?.range?.[0]));
    }
    for (const m of merges) {
      if (m && typeof m === 'object' && !Array.isArray(m)) {
        for (const [k, v] of Object.entries(m)) {
          if (!(k in obj)) {
            obj[k] = v;
            lines.setKey(obj, k, lines.keyLine(m, k));
          }
        }
      }
    }
    return obj;
  }
  if (isSeq(node)) {
    const arr: unknown[] = [];
    const itemLines: number[] = [];
    lines.setObject(arr, lineAt(node.range?.[0]));
    for (const item of node.items) {
      arr.push(inner(item as Node | null));
      itemLines.push(lineAt((item as Node | null)?.range?.[0]));
    }
    lines.setItems(arr, itemLines);
    return arr;
  }
  return null;
}

/** True for a plain YAML mapping. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
