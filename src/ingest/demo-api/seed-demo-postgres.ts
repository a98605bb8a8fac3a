import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';

/** What `seedDemoPostgres` put in the database. */
export interface SeedPostgresSummary {
  schema: string;
  tables: Record<string, number>;
}

interface TableSpec {
  name: string;
  file: string;
  ddl: string;
  /** Postgres array type of each CSV column, in file order. */
  types: string[];
  /** Extra SELECT expressions appended after the CSV columns (`updated_at`). */
  extra: string;
}

const TABLES: TableSpec[] = [
  {
    name: 'customers',
    file: 'users.csv',
    ddl: `user_id text PRIMARY KEY, country text NOT NULL, signup_date date NOT NULL, plan_type text NOT NULL, updated_at timestamptz NOT NULL`,
    types: ['text', 'text', 'date', 'text'],
    extra: `c3::timestamp AT TIME ZONE 'UTC'`,
  },
  {
    name: 'subscriptions',
    file: 'subscriptions.csv',
    ddl: `subscription_id text PRIMARY KEY, user_id text NOT NULL, start_date date NOT NULL, end_date date, monthly_price numeric(10,2) NOT NULL, updated_at timestamptz NOT NULL`,
    types: ['text', 'text', 'date', 'date', 'numeric'],
    extra: `coalesce(c4, c3)::timestamp AT TIME ZONE 'UTC'`,
  },
  {
    name: 'viewing_activity',
    file: 'viewing_activity.csv',
    ddl: `user_id text NOT NULL, watch_date date NOT NULL, hours_watched double precision NOT NULL, updated_at timestamptz NOT NULL, PRIMARY KEY (user_id, watch_date)`,
    types: ['text', 'date', 'double precision'],
    extra: `c2::timestamp AT TIME ZONE 'UTC'`,
  },
  {
    name: 'titles',
    file: 'catalog/titles.csv',
    ddl: `title_id integer PRIMARY KEY, title text NOT NULL, type text NOT NULL, genres text NOT NULL, release_date date NOT NULL, runtime_minutes integer NOT NULL, maturity_rating text NOT NULL, updated_at timestamptz NOT NULL`,
    types: ['integer', 'text', 'text', 'text', 'date', 'integer', 'text'],
    extra: `c5::timestamp AT TIME ZONE 'UTC'`,
  },
];

/**
 * Fills a Postgres database with the demo service's operational tables (customers,
 * subscriptions, viewing_activity, titles, each with an `updated_at`) from the files `reelhouse generate` wrote,
 * so the demo's Postgres source has a real database to extract from. Replaces the schema.
 */
export async function seedDemoPostgres(connectionString: string, dataDir: string, schema = 'app'): Promise<SeedPostgresSummary> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const summary: SeedPostgresSummary = { schema, tables: {} };
  const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
  try {
    await client.query('BEGIN');
    await client.query(`DROP SCHEMA IF EXISTS ${ident(schema)} CASCADE`);
    await client.query(`CREATE SCHEMA ${ident(schema)}`);
    for (const table of TABLES) {
      const target = `${ident(schema)}.${ident(table.name)}`;
      await client.query(`CREATE TABLE ${target} (${table.ddl})`);
      const columns = table.types.map((_, i) => `c${i + 1}`);
      const insert = `INSERT INTO ${target} SELECT ${columns.join(', ')}, ${table.extra}
        FROM unnest(${table.types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) AS u(${columns.join(', ')})`;
      let batch: Array<Array<string | null>> = table.types.map(() => []);
      let count = 0;
      const flush = async (): Promise<void> => {
        if ((batch[0]?.length ?? 0) === 0) return;
        await client.query(insert, batch);
        batch = table.types.map(() => []);
      };
      const lines = createInterface({ input: createReadStream(join(dataDir, table.file)), crlfDelay: Infinity });
      let header = true;
      for await (const line of lines) {
        if (header) {
          header = false;
          continue;
        }
        if (line === '') continue;
        // The generator's CSVs never quote: no value contains a comma.
        line.split(',').forEach((value, i) => batch[i]?.push(value === '' ? null : value));
        if (++count % 5000 === 0) await flush();
      }
      await flush();
      summary.tables[table.name] = count;
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return summary;
}
