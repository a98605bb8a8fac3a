/**
 * Converts between DuckDB's value objects and the plain, structured-clone-safe values that
 * cross the worker boundary (see QueryResult in ../adapter.ts). Runs inside the DuckDB worker.
 */
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBBlobValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTypeId,
  DuckDBUnionValue,
  DuckDBArrayValue,
  HUGEINT,
  INTEGER,
  LIST,
  SQLNULL,
  STRUCT,
  TIMESTAMP,
  VARCHAR,
  listValue,
  structValue,
  timestampValue,
  type DuckDBType,
  type DuckDBValue,
} from './duckdb-api.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** Converts one DuckDB value of `type` to plain data. */
export function toPlain(value: DuckDBValue, type: DuckDBType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.VARCHAR:
      return value;
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return typeof value === 'bigint' ? bigintToPlain(value) : value;
    case DuckDBTypeId.DECIMAL:
      return value instanceof DuckDBDecimalValue ? value.toDouble() : value;
    case DuckDBTypeId.BLOB:
      return value instanceof DuckDBBlobValue ? Buffer.from(value.bytes).toString('hex').toUpperCase() : String(value);
    case DuckDBTypeId.LIST:
      return value instanceof DuckDBListValue ? value.items.map((item) => toPlain(item, type.valueType)) : null;
    case DuckDBTypeId.ARRAY:
      return value instanceof DuckDBArrayValue ? value.items.map((item) => toPlain(item, type.valueType)) : null;
    case DuckDBTypeId.STRUCT: {
      if (!(value instanceof DuckDBStructValue)) return null;
      const out: Record<string, unknown> = {};
      type.entryNames.forEach((name, index) => {
        const entryType = type.entryTypes[index];
        out[name] = entryType ? toPlain(value.entries[name] ?? null, entryType) : null;
      });
      return out;
    }
    case DuckDBTypeId.MAP: {
      if (!(value instanceof DuckDBMapValue)) return null;
      const out: Record<string, unknown> = {};
      for (const entry of value.entries) {
        out[String(toPlain(entry.key, type.keyType))] = toPlain(entry.value, type.valueType);
      }
      return out;
    }
    case DuckDBTypeId.UNION: {
      if (!(value instanceof DuckDBUnionValue)) return null;
      const memberType = type.memberTypeForTag(value.tag);
      return toPlain(value.value, memberType);
    }
    case DuckDBTypeId.SQLNULL:
      return null;
    default:
      // DATE, TIME, TIMESTAMP*, TIMESTAMPTZ, TIMETZ, INTERVAL, UUID, ENUM, BIT, GEOMETRY, VARIANT:
      // the value classes print exactly DuckDB's own text form.
      return typeof value === 'bigint' ? bigintToPlain(value) : String(value);
  }
}

/** Types whose values already are plain data. */
const PASS_THROUGH = new Set<DuckDBTypeId>([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.VARCHAR,
]);

/**
 * The conversion for one column's values, or undefined when they need none. With `exactDecimals`,
 * a DECIMAL column's values come as their exact text (see ExecuteOptions.exactDecimals).
 */
export function converterFor(type: DuckDBType, exactDecimals = false): ((value: DuckDBValue) => unknown) | undefined {
  if (PASS_THROUGH.has(type.typeId)) return undefined;
  if (exactDecimals && type.typeId === DuckDBTypeId.DECIMAL) {
    return (value) => (value instanceof DuckDBDecimalValue ? decimalText(value.value, value.scale) : toPlain(value, type));
  }
  return (value) => toPlain(value, type);
}

/** A DECIMAL's scaled integer as exact text with all `scale` places (`-0.50`, `12345678901234567.89`). */
export function decimalText(scaled: bigint, scale: number): string {
  const sign = scaled < 0n ? '-' : '';
  const digits = (scaled < 0n ? -scaled : scaled).toString();
  if (scale === 0) return sign + digits;
  const padded = digits.padStart(scale + 1, '0');
  return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

function bigintToPlain(value: bigint): number | string {
  return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value.toString();
}

/** A bound parameter: the DuckDB value plus its type, so nothing is left to guess. */
export interface BoundParam {
  value: DuckDBValue;
  type: DuckDBType;
}

/**
 * Converts a plain parameter (from the main thread, possibly from a browser) to a DuckDB value.
 * Numbers bind as INTEGER/BIGINT/DOUBLE, strings as VARCHAR (DuckDB casts them where a
 * DATE or TIMESTAMP is compared), Dates as TIMESTAMP, arrays as LISTs, plain objects as STRUCTs.
 */
export function toParam(value: unknown): BoundParam {
  if (value === null || value === undefined) return { value: null, type: SQLNULL };
  switch (typeof value) {
    case 'boolean':
      return { value, type: BOOLEAN };
    case 'number':
      return { value, type: numberType([value]) };
    case 'bigint':
      return { value, type: value <= 2n ** 63n - 1n && value >= -(2n ** 63n) ? BIGINT : HUGEINT };
    case 'string':
      return { value, type: VARCHAR };
    default:
      break;
  }
  if (value instanceof Date) {
    return { value: timestampValue(BigInt(value.getTime()) * 1000n), type: TIMESTAMP };
  }
  if (Array.isArray(value)) {
    const present = value.filter((item) => item !== null && item !== undefined);
    let elementType: DuckDBType = VARCHAR;
    if (present.length > 0 && present.every((item) => typeof item === 'number')) elementType = numberType(present as number[]);
    else if (present.length > 0 && present.every((item) => typeof item === 'boolean')) elementType = BOOLEAN;
    else if (present.length > 0 && present.every((item) => item instanceof Date)) elementType = TIMESTAMP;
    const items = value.map((item): DuckDBValue => {
      if (item === null || item === undefined) return null;
      return elementType === VARCHAR ? String(item) : toParam(item).value;
    });
    return { value: listValue(items), type: LIST(elementType) };
  }
  if (typeof value === 'object') {
    const entries: Record<string, DuckDBValue> = {};
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) entries[key] = toParam(entry).value;
    return { value: structValue(entries), type: inferStructType(value as Record<string, unknown>) };
  }
  return { value: String(value), type: VARCHAR };
}

function numberType(values: number[]): DuckDBType {
  if (values.every(Number.isInteger)) {
    return values.every((v) => v >= -2_147_483_648 && v <= 2_147_483_647) ? INTEGER : values.every(Number.isSafeInteger) ? BIGINT : DOUBLE;
  }
  return DOUBLE;
}

function inferStructType(value: Record<string, unknown>): DuckDBType {
  const entryTypes: Record<string, DuckDBType> = {};
  for (const [key, entry] of Object.entries(value)) entryTypes[key] = toParam(entry).type;
  return STRUCT(entryTypes);
}
