// A unit test as manifest.json's UnitTestDefinition (v12).
import type { Manifest, UnitTestNode } from '../../project/types.js';

type Json = Record<string, unknown>;

function fixtureRows(rows: unknown): string | Json[] | null {
  if (rows === undefined || rows === null) return null;
  if (typeof rows === 'string') return rows;
  if (Array.isArray(rows)) return rows.filter((r): r is Json => typeof r === 'object' && r !== null && !Array.isArray(r));
  return null;
}

/** One unit test as dbt's UnitTestDefinition; `manifest` (absent for disabled ones) gives the tested model's schema. */
export function unitTestJson(test: UnitTestNode, createdAt: number, manifest?: Manifest): Json {
  return {
    model: test.model,
    given: (test.given ?? []).map((g) => ({ input: g.input, rows: fixtureRows(g.manifestRows ?? g.rows), format: g.format ?? 'dict', fixture: g.fixture ?? null })),
    expect: { rows: fixtureRows(test.expect?.manifestRows ?? test.expect?.rows), format: test.expect?.format ?? 'dict', fixture: test.expect?.fixture ?? null },
    name: test.name,
    resource_type: 'unit_test',
    package_name: test.package_name,
    path: test.path,
    original_file_path: test.original_file_path,
    unique_id: test.unique_id,
    fqn: test.fqn,
    description: test.description ?? '',
    overrides: test.overrides
      ? { macros: test.overrides.macros ?? {}, vars: test.overrides.vars ?? {}, env_vars: test.overrides.env_vars ?? {} }
      : null,
    depends_on: { macros: test.depends_on?.macros ?? [], nodes: test.depends_on?.nodes ?? [] },
    config: { ...test.config, enabled: test.config?.enabled !== false, tags: test.config?.tags ?? [], meta: test.config?.meta ?? {} },
    checksum: test.checksum ?? null,
    // dbt copies the tested model's schema onto the definition when it links the two.
    schema: testedModelSchema(test, manifest),
    created_at: createdAt,
    versions: test.versions ? { include: test.versions.include ?? null, exclude: test.versions.exclude ?? null } : null,
    version: test.version ?? null,
  };
}

function testedModelSchema(test: UnitTestNode, manifest: Manifest | undefined): string | null {
  const id = test.depends_on?.nodes?.[0];
  const model = id === undefined ? undefined : manifest?.nodes[id];
  return model?.resource_type === 'model' ? model.schema ?? null : null;
}
