/**
 * How Postgres columns land in DuckDB. Rows travel as JSON made by Postgres itself
 * (`row_to_json`), so each column has: the expression Postgres selects, the type DuckDB reads
 * the JSON value as, and the expression that turns it into the stored column.
 */

/** The mapping of one Postgres column. */
export interface ColumnMapping {
  name: string;
  /** Postgres's own type name (`numeric(12,2)`, `timestamp with time zone`, `integer[]`). */
  pgType: string;
  /** The column's type in DuckDB. */
  duckType: string;
  /** Postgres-side expression for the value put in the JSON (given the quoted column). */
  pgExpr: (quoted: string) => string;
  /** Type the JSON value is read as, before `duckExpr`. */
  jsonType: string;
  /** DuckDB-side expression producing the stored value from the JSON column (given the quoted column). */
  duckExpr: (quoted: string) => string;
}

const same = (q: string): string => q;
const asText = (q: string): string => `(${q})::text`;

/** Scalar Postgres types and their DuckDB types, for values JSON carries faithfully. */
const DIRECT: Record<string, string> = {
  smallint: 'SMALLINT',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  real: 'FLOAT',
  'double precision': 'DOUBLE',
  boolean: 'BOOLEAN',
  text: 'VARCHAR',
  name: 'VARCHAR',
  citext: 'VARCHAR',
  uuid: 'UUID',
  date: 'DATE',
  'timestamp without time zone': 'TIMESTAMP',
  'timestamp with time zone': 'TIMESTAMP WITH TIME ZONE',
  'time without time zone': 'TIME',
  json: 'JSON',
  jsonb: 'JSON',
};

/** Unconstrained `numeric` keeps 28 integer and 10 fractional digits, DuckDB's widest exact decimal. */
export const UNCONSTRAINED_NUMERIC = 'DECIMAL(38,10)';

/** Maps a column by its `format_type` text. */
export function mapPgColumn(name: string, pgType: string): ColumnMapping {
  const base = { name, pgType };
  const isArray = pgType.endsWith('[]');
  const element = isArray ? pgType.slice(0, -2) : pgType;
  const scalar = mapScalar(element);
  if (isArray) {
    if (scalar.textual) {
      // Element values that JSON would mangle travel as text arrays and are cast by DuckDB.
      return { ...base, duckType: `${scalar.duckType}[]`, pgExpr: (q) => `(${q})::text[]`, jsonType: 'VARCHAR[]', duckExpr: (q) => `${q}::${scalar.duckType}[]` };
    }
    return { ...base, duckType: `${scalar.duckType}[]`, pgExpr: same, jsonType: `${scalar.duckType}[]`, duckExpr: same };
  }
  if (scalar.hex) {
    return { ...base, duckType: 'BLOB', pgExpr: (q) => `encode(${q}, 'hex')`, jsonType: 'VARCHAR', duckExpr: (q) => `unhex(${q})` };
  }
  if (element === 'money') {
    // money's text form follows lc_monetary ('$1,234.56'); through numeric it is a plain number.
    return { ...base, duckType: scalar.duckType, pgExpr: (q) => `(${q})::numeric::text`, jsonType: 'VARCHAR', duckExpr: (q) => `${q}::${scalar.duckType}` };
  }
  if (scalar.textual) {
    return { ...base, duckType: scalar.duckType, pgExpr: asText, jsonType: 'VARCHAR', duckExpr: (q) => `${q}::${scalar.duckType}` };
  }
  return { ...base, duckType: scalar.duckType, pgExpr: same, jsonType: scalar.duckType, duckExpr: same };
}

/** A scalar type: its DuckDB name, and whether it must travel as text (exactness) or hex (bytes). */
function mapScalar(pgType: string): { duckType: string; textual: boolean; hex?: boolean } {
  const direct = DIRECT[pgType];
  if (direct) return { duckType: direct, textual: false };
  const numeric = /^numeric(?:\((\d+)(?:,(-?\d+))?\))?$/.exec(pgType);
  if (numeric) {
    const precision = numeric[1] === undefined ? undefined : Number(numeric[1]);
    const scale = numeric[2] === undefined ? 0 : Number(numeric[2]);
    const duckType = precision !== undefined && precision <= 38 && scale >= 0 && scale <= precision ? `DECIMAL(${precision},${scale})` : UNCONSTRAINED_NUMERIC;
    return { duckType, textual: true };
  }
  if (pgType === 'money') return { duckType: 'DECIMAL(19,2)', textual: true };
  if (/^character varying|^character\b|^bpchar|^"char"$/.test(pgType)) return { duckType: 'VARCHAR', textual: false };
  if (/^timestamp\(\d\) without time zone$/.test(pgType)) return { duckType: 'TIMESTAMP', textual: false };
  if (/^timestamp\(\d\) with time zone$/.test(pgType)) return { duckType: 'TIMESTAMP WITH TIME ZONE', textual: false };
  if (/^time(\(\d\))? with time zone$/.test(pgType)) return { duckType: 'TIME WITH TIME ZONE', textual: true };
  if (/^time\(\d\) without time zone$/.test(pgType)) return { duckType: 'TIME', textual: false };
  if (/^interval/.test(pgType)) return { duckType: 'INTERVAL', textual: true };
  if (pgType === 'bytea') return { duckType: 'BLOB', textual: false, hex: true };
  // inet, cidr, macaddr, enums, geometric and other types keep their text form.
  return { duckType: 'VARCHAR', textual: true };
}
