// dbt's Column object (api.Column, adapter.get_columns_in_relation): a column name and its
// warehouse type, with the type predicates dbt macros branch on.
import { bindParams, isNone, splitArgs } from './py-args.js';
import { quoteWith } from './relation.js';

const STRING_TYPES = new Set(['varchar', 'text', 'string', 'char', 'bpchar', 'character varying', 'character', 'nvarchar']);
const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'integer', 'int', 'bigint', 'hugeint', 'utinyint', 'usmallint', 'uinteger', 'ubigint', 'uhugeint', 'int1', 'int2', 'int4', 'int8', 'long', 'short', 'signed', 'serial', 'bigserial']);
const FLOAT_TYPES = new Set(['real', 'float', 'float4', 'float8', 'double', 'double precision']);
const NUMERIC_TYPES = new Set(['numeric', 'decimal']);

const TYPE_LABELS: Record<string, string> = {
  STRING: 'TEXT',
  TIMESTAMP: 'TIMESTAMP',
  FLOAT: 'FLOAT',
  INTEGER: 'INT',
  BOOLEAN: 'BOOLEAN',
  BIGINT: 'BIGINT',
};

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
  static create(raw: readonly unknown[]): Column {
    const p = bindParams(raw, ['name', 'dtype', 'char_size', 'numeric_precision', 'numeric_scale']);
    const { kwargs } = splitArgs(raw);
    const name = p['name'] ?? kwargs['column'];
    const dtype = p['dtype'] ?? kwargs['data_type'] ?? kwargs['label_or_dtype'];
    const num = (v: unknown): number | null => (isNone(v) ? null : Number(v));
    return new Column(String(name), isNone(dtype) ? '' : String(dtype), num(p['char_size']), num(p['numeric_precision']), num(p['numeric_scale']));
  }

  /** dbt's Column.translate_type: cross-database labels (`string` -> `TEXT`), else the name as given. */
  static translate_type(dtype: unknown): string {
    const text = String(dtype);
    return TYPE_LABELS[text.toUpperCase()] ?? text;
  }

  /** dbt's Column.numeric_type: `numeric(28,6)`, or the bare name without precision. */
  static numeric_type(dtype: unknown, precision: unknown, scale: unknown): string {
    return isNone(precision) || isNone(scale) ? String(dtype) : `${String(dtype)}(${String(precision)},${String(scale)})`;
  }

  /** dbt's Column.string_type. */
  static string_type(size: unknown): string {
    return `character varying(${String(size)})`;
  }

  get column(): string {
    return this.name;
  }
  get quoted(): string {
    return quoteWith(this.name);
  }
  /** The full type name as DDL spells it; DuckDB reports complete type names already. */
  get data_type(): string {
    if (this.is_string() && this.char_size !== null && !/\(/.test(this.dtype)) return `${this.dtype}(${this.char_size})`;
    if (this.is_numeric() && this.numeric_precision !== null && !/\(/.test(this.dtype)) {
      return `${this.dtype}(${this.numeric_precision},${this.numeric_scale ?? 0})`;
    }
    return this.dtype;
  }
  private base(): string {
    return this.dtype.toLowerCase().replace(/\(.*$/, '').trim();
  }
  is_string(): boolean {
    return STRING_TYPES.has(this.base());
  }
  is_integer(): boolean {
    return INTEGER_TYPES.has(this.base());
  }
  is_float(): boolean {
    return FLOAT_TYPES.has(this.base());
  }
  is_numeric(): boolean {
    return NUMERIC_TYPES.has(this.base());
  }
  is_number(): boolean {
    return this.is_integer() || this.is_float() || this.is_numeric();
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
  string_size(): number {
    return this.char_size ?? 256;
  }
  can_expand_to(other: unknown): boolean {
    if (!(other instanceof Column) || !this.is_string() || !other.is_string()) return false;
    return this.string_size() < other.string_size();
  }
  /** `column.literal(value)`: the value cast to this column's type. */
  literal(value: unknown): string {
    return `${String(value)}::${this.data_type}`;
  }
  toString(): string {
    return `<Column ${this.name} (${this.data_type})>`;
  }
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
