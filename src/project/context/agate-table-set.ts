// agate's TableSet, what Table.group_by() gives: the group tables in order of first appearance,
// indexed by position or by group value, with keys()/values()/items(). The methods that make a
// new table make a new TableSet when called on one, as agate proxies them to every group.
import { PyDict, pyEq, pyStr, tuple } from '../../templating/index.js';
import type { AgateDataType } from './agate-data-type.js';
import { formatTable } from './agate-print.js';
import type { Table } from './agate-table.js';

/** The Table methods a TableSet applies to each of its tables. */
const PROXIED = ['select', 'exclude', 'limit', 'order_by', 'where', 'distinct', 'rename'] as const;

/** A group_by() result: tables keyed by the value they share. */
export type TableSet = Table[] & {
  key_name: string;
  key_type: AgateDataType;
  column_names: string[];
  column_types: AgateDataType[];
  keys(): unknown[];
  values(): Table[];
  items(): unknown[];
  dict(): PyDict;
  get(key: unknown, dflt?: unknown): unknown;
  __getitem__(key: unknown): unknown;
};

/** A TableSet of these tables under these keys (every table has the sample's columns). */
export function makeTableSet(tables: Table[], keys: unknown[], keyName: string, keyType: AgateDataType, sample: Table): TableSet {
  const set = tuple([...tables]) as TableSet;
  const find = (key: unknown): number => keys.findIndex((k) => pyEq(k, key));
  const members: Record<string, unknown> = {
    key_name: keyName,
    key_type: keyType,
    column_names: sample.column_names,
    column_types: sample.column_types,
    keys: () => tuple([...keys]),
    values: () => tuple([...tables]),
    items: () => tuple(keys.map((k, i) => tuple([k, tables[i]]))),
    dict: () => new PyDict(keys.map((k, i) => [k, tables[i]] as const)),
    get: (key: unknown, dflt: unknown = null) => tables[find(key)] ?? dflt,
    // `groups['drama']`: a group value is an item (an int is a position, as in agate)
    __getitem__: (key: unknown) => (typeof key === 'number' ? undefined : tables[find(key)]),
    // str() is print_structure: each group's key and row count
    __str__: () => `${structure(keys, tables).join('\n')}\n`,
  };
  for (const name of PROXIED) {
    members[name] = (...raw: unknown[]) =>
      makeTableSet(
        tables.map((t) => (t[name] as (...a: unknown[]) => Table)(...raw)),
        keys,
        keyName,
        keyType,
        (sample[name] as (...a: unknown[]) => Table)(...raw),
      );
  }
  for (const [name, value] of Object.entries(members)) Object.defineProperty(set, name, { value, enumerable: false, configurable: true });
  return set;
}

function structure(keys: unknown[], tables: Table[]): string[] {
  const text = { kind: 'Text' };
  const rows = keys.slice(0, 20).map((k, i) => [k === null || k === undefined ? null : pyStr(k), String(tables[i]!.rows.length)]);
  return formatTable({ column_names: ['table', 'rows'], column_types: [text, text], rows }, { maxRows: 20, maxColumns: 6, maxColumnWidth: null, maxPrecision: 3 });
}
