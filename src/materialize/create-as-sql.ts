// The create-as statements of dbt-duckdb's table and view materializations, in the layout its
// create_table_as and create_view_as macros (called through dbt's wrappers) render: the blank
// lines and indents the Jinja leaves around the relation and the model's SQL are part of the text
// dbt writes to target/run and logs/dbt.log, so they are reproduced here as they come out.

/** `create view <relation> as (<sql>);` as dbt-duckdb's view materialization sends it. */
export function createViewAsSql(relation: string, sql: string): string {
  return `\n  \n  create view ${relation} as (\n    ${sql}\n  );\n`;
}

/** `create table <relation> as (<sql>);` as dbt-duckdb's table materialization sends it. */
export function createTableAsSql(relation: string, sql: string): string {
  return `\n  \n    \n    \n\n    create  table\n      ${relation}\n  \n    as (\n      ${sql}\n    );\n  \n  `;
}
