/**
 * DuckDB's printed name for a type, as `typeof()` and information_schema show it. The API's
 * own `toString()` quotes every STRUCT field name; DuckDB quotes only names that need it
 * (keywords, or characters other than letters, digits and `_`), and result columns must
 * read the same as introspected ones.
 */
import { DuckDBTypeId, type DuckDBType } from './duckdb-api.js';

/** Prints types given DuckDB's keyword list (from `duckdb_keywords()`). */
export class TypeText {
  private readonly keywords: ReadonlySet<string>;

  constructor(keywords: Iterable<string>) {
    this.keywords = new Set([...keywords].map((k) => k.toLowerCase()));
  }

  /** `DECIMAL(18,3)`, `STRUCT(a INTEGER, "select" VARCHAR)[]`, `JSON`... */
  of(type: DuckDBType): string {
    if (type.alias) return type.alias;
    switch (type.typeId) {
      case DuckDBTypeId.LIST:
        return `${this.of(type.valueType)}[]`;
      case DuckDBTypeId.ARRAY:
        return `${this.of(type.valueType)}[${type.length}]`;
      case DuckDBTypeId.MAP:
        return `MAP(${this.of(type.keyType)}, ${this.of(type.valueType)})`;
      case DuckDBTypeId.STRUCT:
        return `STRUCT(${type.entryNames.map((name, i) => `${this.name(name)} ${this.ofMaybe(type.entryTypes[i])}`).join(', ')})`;
      case DuckDBTypeId.UNION:
        return `UNION(${type.memberTags.map((tag, i) => `${this.name(tag)} ${this.ofMaybe(type.memberTypes[i])}`).join(', ')})`;
      default:
        return type.toString();
    }
  }

  private ofMaybe(type: DuckDBType | undefined): string {
    return type ? this.of(type) : 'NULL';
  }

  private name(name: string): string {
    const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !this.keywords.has(name.toLowerCase());
    return plain ? name : `"${name.replaceAll('"', '""')}"`;
  }
}
