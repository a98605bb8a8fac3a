// dbt copies environment variables named DBT_ENV_CUSTOM_ENV_<key> into the `env` of every
// artifact's metadata (manifest, run_results, catalog), keyed without the prefix.

const PREFIX = 'DBT_ENV_CUSTOM_ENV_';

/** The custom environment dbt records in artifact metadata: DBT_ENV_CUSTOM_ENV_<key>=<value> as { key: value }. */
export function dbtCustomEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith(PREFIX) && name.length > PREFIX.length && value !== undefined) out[name.slice(PREFIX.length)] = value;
  }
  return out;
}
