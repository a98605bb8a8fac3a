// A run_query column's `data_type`: the agate DataType object dbt's agate table gives it, not a
// type name. dbt code serializes cells through it, e.g. dbt-profiler's print_profile_schema does
// `column.data_type.jsonify(value)`. dbt infers the type from the cell values (its own Integer type
// for ints, agate's Number for floats and decimals, Date, DateTime, Boolean, Text for strings and
// containers); here the warehouse type stands in for the values, with the same outcome.
import { Decimal, PyFloat, PyInt, pyStr, tuple } from '../../templating/index.js';
import { CONTAINER_TYPE } from './agate-print.js';
import { splitArgs } from './py-args.js';

type Kind = 'Integer' | 'Number' | 'Boolean' | 'Date' | 'DateTime' | 'Text';

const INTEGER = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INT\d|SIGNED|LONG|SHORT)$/i;
const NUMBER = /^(FLOAT|REAL|DOUBLE|FLOAT4|FLOAT8|DECIMAL|NUMERIC)\b/i;
const DATETIME = /^(TIMESTAMP|DATETIME)\b|^TIMESTAMPTZ$/i;

// Where each type's class lives, for its repr (`<agate.data_types.number.Number object>`).
const MODULE: Record<Kind, string> = {
  Integer: 'dbt_common.clients.agate_helper',
  Number: 'agate.data_types.number',
  Boolean: 'agate.data_types.boolean',
  Date: 'agate.data_types.date',
  DateTime: 'agate.data_types.date_time',
  Text: 'agate.data_types.text',
};

/** One agate DataType, with the conversions dbt code calls on it. */
export class AgateDataType {
  /** agate's DEFAULT_NULL_VALUES. */
  readonly null_values = tuple(['', 'na', 'n/a', 'none', 'null', '.']);

  constructor(readonly kind: Kind) {}

  /** `jsonify(d)`: the value as JSON would hold it (a float for Number, ISO text for dates, str otherwise). */
  jsonify(...raw: unknown[]): unknown {
    const d = cell(raw);
    if (d === null || d === undefined) return null;
    switch (this.kind) {
      case 'Integer':
      case 'Boolean':
        return d;
      case 'Number':
        return pyFloat(d);
      case 'Date':
      case 'DateTime':
        return isoformat(d);
      default:
        return pyStr(d);
    }
  }

  /** `csvify(d)`: the value as agate writes it to CSV (ISO text for dates, str otherwise). */
  csvify(...raw: unknown[]): unknown {
    const d = cell(raw);
    if (d === null || d === undefined) return null;
    return this.kind === 'Date' || this.kind === 'DateTime' ? isoformat(d) : pyStr(d);
  }

  __str__(): string {
    return `<${MODULE[this.kind]}.${this.kind} object>`;
  }
  __repr__(): string {
    return this.__str__();
  }
}

/** The agate type dbt would give a result column of this warehouse type holding these values. */
export function agateDataType(dbType: string, values: readonly unknown[]): AgateDataType {
  // dbt's type tester tries its Integer type first, and None passes it: an all-null column is Integer.
  if (values.every((v) => v === null || v === undefined)) return new AgateDataType('Integer');
  if (CONTAINER_TYPE.test(dbType)) return new AgateDataType('Text');
  if (INTEGER.test(dbType)) return new AgateDataType('Integer');
  if (NUMBER.test(dbType)) return new AgateDataType('Number');
  if (/^DATE$/i.test(dbType)) return new AgateDataType('Date');
  if (DATETIME.test(dbType)) return new AgateDataType('DateTime');
  if (/^(BOOLEAN|BOOL|LOGICAL)$/i.test(dbType)) return new AgateDataType('Boolean');
  return new AgateDataType('Text');
}

function cell(raw: unknown[]): unknown {
  const { args, kwargs } = splitArgs(raw);
  return args.length > 0 ? args[0] : kwargs['d'];
}

// Python's float(d): an integral result is a PyFloat so that it prints as `5.0`.
function pyFloat(d: unknown): unknown {
  const n = d instanceof Decimal || d instanceof PyInt ? d.__float__() : Number(d);
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

function isoformat(d: unknown): unknown {
  const iso = (d as { isoformat?: () => string }).isoformat;
  return typeof iso === 'function' ? iso.call(d) : pyStr(d);
}
