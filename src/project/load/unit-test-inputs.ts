// dbt's parse-time rule for a unit test `given` input written with no rows: the input must name
// a seed, whose CSV becomes the rows; any other node (or none) fails the parse.
import { userError, type SourceLocation } from '../../core/diagnostic.js';
import { nameKey, type LoadState, type PackageContext } from './load-state.js';

/** The fixture fields of a `given` entry the check reads. */
interface GivenInput {
  input: string;
  rows?: unknown;
  format: string;
  fixture: string | null;
}

/**
 * Raises dbt's "Unable to find seed" parse error when a dict-format `given` names by ref() no
 * enabled seed of the package the ref points to (the unit test's own package by default).
 * Returns the seed's CSV file when the input takes its rows from a seed.
 */
export function checkSeedInput(state: LoadState, pkg: PackageContext, unitName: string, given: GivenInput, where: SourceLocation): string | undefined {
  if (given.format !== 'dict' || (given.rows !== undefined && given.rows !== null) || given.fixture) return undefined;
  const ref = /^\s*ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"]\s*)?(?:,\s*v(?:ersion)?\s*=\s*[^)]*)?\)\s*$/.exec(given.input);
  // dbt reads a seed only for ref() inputs; `this` and source() inputs need rows of their own.
  if (!ref) return undefined;
  const [packageName, name] = ref[2] ? [ref[1]!, ref[2]] : [pkg.name, ref[1]!];
  const seeds = (state.byName.get(nameKey('seed', packageName, name)) ?? []).filter((n) => n.config.enabled !== false);
  if (seeds.length > 0) return seeds[0]!.origin.file;
  const detail = packageName !== pkg.name
    ? `in '${packageName}' package`
    : `in directories: [${pkg.project.seedPaths.map((p) => `'${p}'`).join(', ')}]`;
  throw userError('unit-test-invalid', `Unable to find seed '${packageName}.${name}' for unit tests ${detail} (unit test '${unitName}', input ${given.input.trim()} gives no rows).`, where,
    'Give the input rows: (rows: [] for none), or name a seed of the project.');
}
