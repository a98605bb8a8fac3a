// A unit test of a versioned model is copied once per version: each copy keeps the test's name
// (and fqn) and carries the version, while the run-time lines and compiled file name the copy.

/** The name dbt prints and files a unit test under: `<name>_v<version>` for a versioned model's copy. */
export function unitTestVersionedName(unit: { name: string; version?: unknown }): string {
  return unit.version === null || unit.version === undefined ? unit.name : `${unit.name}_v${String(unit.version)}`;
}
