// dbt's Column object (api.Column, adapter.get_columns_in_relation): a column name and its
// warehouse type, with the type predicates dbt macros branch on.
import { bindParams, isNone, splitArgs } from './py-args.js';
import { userError } from '../../core/diagnostic.js';
import { pyRepr, pyStr } from '../../templating/index.js';

// dbt's type lists, matched against the whole lower-cased type name as dbt does: a type with
// parameters (`DECIMAL(18,3)`, as DuckDB reports decimals) is none of them. The string and
// numeric lists are dbt-adapters' base Column; the integer and float lists are dbt-duckdb's
// DuckDBColumn overrides.
const STRING_TYPES = new Set(['text', 'character varying', 'character', 'varchar']);
const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'bigint', 'hugeint', 'utinyint', 'usmallint', 'uinteger', 'ubigint', 'int1', 'int2', 'int4', 'int8', 'short', 'int', 'signed', 'long']);
const FLOAT_TYPES = new Set(['real', 'float', 'float4', 'float8', 'double']);
const NUMERIC_TYPES = new Set(['numeric', 'decimal']);

// Only STRING has a label in dbt's base Column, and dbt-duckdb adds none.
const TYPE_LABELS: Record<string, string> = { STRING: 'TEXT' };

/** A column as templates see it. */
export class Column {
  readonly name: string;
  readonly dtype: string;
  readonly char_size: number | null;
  readonly numeric_precision: number | null;
  readonly numeric_scale: number | null;

  constructor(name: string, dtype: string, charSize: number | null = null, precision: number | null = null, scale: number | null = null) {
    this.name = name;
    this.dtype = dtype;
    this.char_size = charSize;
    this.numeric_precision = precision;
    this.numeric_scale = scale;
  }

  /** `api.Column(name, dtype, char_size, numeric_precision, numeric_scale)`, also with keyword names. */
  static construct(raw: readonly unknown[]): Column {
    const p = bindParams(raw, ['column', 'dtype', 'char_size', 'numeric_precision', 'numeric_scale']);
    const { kwargs } = splitArgs(raw);
    const name = p['column'] ?? kwargs['name'];
    const num = (v: unknown): number | null => (isNone(v) ? null : Number(v));
    return new Column(String(name), isNone(p['dtype']) ? '' : String(p['dtype']), num(p['char_size']), num(p['numeric_precision']), num(p['numeric_scale']));
  }

  /** `api.Column.create(name, label_or_dtype)`: the type goes through translate_type first. */
  static create(raw: readonly unknown[]): Column {
    const p = bindParams(raw, ['name', 'label_or_dtype']);
    const { kwargs } = splitArgs(raw);
    const dtype = p['label_or_dtype'] ?? kwargs['dtype'] ?? kwargs['data_type'];
    return new Column(String(p['name'] ?? kwargs['column']), Column.translate_type(isNone(dtype) ? '' : dtype));
  }

  /** dbt's Column.from_description: `VARCHAR(10)` or `DECIMAL(18,3)` split into type and sizes. */
  static from_description(name: unknown, rawType: unknown): Column {
    const text = String(rawType);
    const match = /^([^(]+)(\([^)]+\))?/.exec(text);
    if (!match) throw userError('runtime-error', `Could not interpret data type "${text}"`);
    const [, dtype = '', sizes] = match;
    const parts = sizes === undefined || /[A-Z]+\(/.test(sizes) ? [] : sizes.slice(1, -1).split(',');
    const int = (part: string): number => {
      if (!/^\s*[-+]?\d+\s*$/.test(part)) throw userError('runtime-error', `Could not interpret data_type "${text}": could not convert "${part}" to an integer`);
      return Number.parseInt(part, 10);
    };
    if (parts.length === 1) return new Column(String(name), dtype, int(parts[0]!));
    if (parts.length === 2) return new Column(String(name), dtype, null, int(parts[0]!), int(parts[1]!));
    return new Column(String(name), dtype);
  }

  /** dbt's Column.translate_type: cross-database labels (`string` -> `TEXT`), else the name as given. */
  static translate_type(dtype: unknown): string {
    const text = String(dtype);
    return TYPE_LABELS[text.toUpperCase()] ?? text;
  }

  /** dbt's Column.numeric_type: `numeric(28,6)`, or the bare name without precision. */
  static numeric_type(dtype: unknown, precision: unknown, scale: unknown): string {
    return isNone(precision) || isNone(scale) ? pyStr(dtype) : `${pyStr(dtype)}(${pyStr(precision)},${pyStr(scale)})`;
  }

  /** dbt's Column.string_type. */
  static string_type(size: unknown): string {
    return `character varying(${pyStr(size)})`;
  }

  get column(): string {
    return this.name;
  }
  // dbt wraps the name in double quotes as it is, without doubling quotes inside it.
  get quoted(): string {
    return `"${this.name}"`;
  }
  /**
   * The type as dbt's Column spells it for DDL: any string type as `character varying(n)`
   * (256 when the size is unknown, as it always is for DuckDB's VARCHAR), `numeric`/`decimal`
   * with precision and scale when both are known, anything else as given.
   */
  get data_type(): string {
    if (this.is_string()) return Column.string_type(this.string_size());
    if (this.is_numeric()) return Column.numeric_type(this.dtype, this.numeric_precision, this.numeric_scale);
    return this.dtype;
  }
  private lowered(): string {
    return this.dtype.toLowerCase();
  }
  is_string(): boolean {
    return STRING_TYPES.has(this.lowered());
  }
  is_integer(): boolean {
    return INTEGER_TYPES.has(this.lowered());
  }
  is_float(): boolean {
    return FLOAT_TYPES.has(this.lowered());
  }
  is_numeric(): boolean {
    return NUMERIC_TYPES.has(this.lowered());
  }
  is_number(): boolean {
    return this.is_integer() || this.is_numeric() || this.is_float();
  }
  /** DuckDB's STRUCT(...) columns: dbt-duckdb's Column lists the members as `fields`. */
  is_struct(): boolean {
    return this.dtype.toLowerCase().startsWith('struct');
  }
  /** The members of a STRUCT column as columns of their own (codegen walks them for nested YAML). */
  get fields(): Column[] {
    const body = /^struct\s*\((.*)\)$/is.exec(this.dtype.trim())?.[1];
    if (body === undefined) return [];
    return splitTopLevel(body).map((member) => {
      const quoted = /^"((?:[^"]|"")*)"\s+(.*)$/s.exec(member);
      if (quoted) return new Column(quoted[1]!.replace(/""/g, '"'), quoted[2]!.trim());
      const space = member.search(/\s/);
      return space < 0 ? new Column(member, '') : new Column(member.slice(0, space), member.slice(space).trim());
    });
  }
  /** A STRUCT column as its leaf members named `parent.child`; any other column as itself. */
  flatten(): Column[] {
    if (!this.is_struct()) return [this];
    return this.fields.flatMap((f) => f.flatten().map((leaf) => new Column(`${this.name}.${leaf.name}`, leaf.dtype)));
  }
  /** The declared size of a string column; 256 for `text` or an unknown size. */
  string_size(): number {
    if (!this.is_string()) throw userError('runtime-error', 'Called string_size() on non-string field!');
    return this.dtype === 'text' || this.char_size === null ? 256 : Math.trunc(this.char_size);
  }
  /** Whether this string column can widen to the other's size (both must be strings). */
  can_expand_to(other: unknown): boolean {
    if (!(other instanceof Column) || !this.is_string() || !other.is_string()) return false;
    return other.string_size() > this.string_size();
  }
  /** `column.literal(value)`: the value cast to this column's type. */
  literal(value: unknown): string {
    return `${pyStr(value)}::${this.data_type}`;
  }
  /** `a == b`: dbt-duckdb's Column is a dataclass, equal to another when every field is (name, type, sizes). */
  __eq__(other: unknown): boolean {
    return other instanceof Column && other.name === this.name && other.dtype === this.dtype && other.char_size === this.char_size && other.numeric_precision === this.numeric_precision && other.numeric_scale === this.numeric_scale;
  }
  // Python's str() of dbt-duckdb's column dataclass is its repr.
  toString(): string {
    const n = (v: number | null): string => (v === null ? 'None' : pyRepr(v));
    return `DuckDBColumn(column=${pyRepr(this.name)}, dtype=${pyRepr(this.dtype)}, char_size=${n(this.char_size)}, numeric_precision=${n(this.numeric_precision)}, numeric_scale=${n(this.numeric_scale)}, fields=${pyRepr(this.fields)})`;
  }
}

/** `api.Column` (and `adapter.Column`): the constructor, with dbt's class methods on it. */
export function columnApi(): object {
  return Object.assign((...raw: unknown[]) => Column.construct(raw), {
    create: (...raw: unknown[]) => Column.create(raw),
    from_description: (name: unknown, rawType: unknown) => Column.from_description(name, rawType),
    translate_type: (t: unknown) => Column.translate_type(t),
    numeric_type: (t: unknown, p: unknown, s: unknown) => Column.numeric_type(t, p, s),
    string_type: (size: unknown) => Column.string_type(size),
  });
}

/** Splits `a INTEGER, b DECIMAL(10,2), c STRUCT(x INT, y INT)` at the commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inQuote = false;
  let current = '';
  for (const ch of text) {
    if (ch === '"') inQuote = !inQuote;
    else if (!inQuote && ch === '(') depth++;
    else if (!inQuote && ch === ')') depth--;
    if (ch === ',' && depth === 0 && !inQuote) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}
