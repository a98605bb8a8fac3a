/**
 * The dbt-core version Reelhouse follows: what templates see as `dbt_version` and what
 * manifest.json, run_results.json, sources.json and catalog.json name in their metadata.
 * Packages branch on it, so it names the release whose behaviour Reelhouse reproduces.
 */
export const DBT_VERSION = '1.10.0';
