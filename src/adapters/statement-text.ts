/**
 * Statements as the one text that sends them together: each is closed by `;` unless its own text
 * already ends with one (dbt-duckdb's create-as statements carry their semicolon).
 */
export function joinStatements(statements: readonly string[]): string {
  return statements.map((sql, i) => (i === statements.length - 1 || /;\s*$/u.test(sql) ? sql : `${sql};`)).join('\n');
}
