// Validates artifacts against dbt's published JSON schemas (draft 2020-12) in the tests.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type ValidateFn = ((data: unknown) => boolean) & { errors?: unknown[] | null };
interface AjvLike {
  compile(schema: unknown): ValidateFn;
}

const require = createRequire(import.meta.url);

/** Compiles the schema file under test/schemas/ (e.g. `manifest/v12.json`). */
export function loadSchemaValidator(relativePath: string): (data: unknown) => { valid: boolean; errors: string } {
  const Ajv2020 = require('ajv/dist/2020.js') as { default: new (options: Record<string, unknown>) => AjvLike };
  const addFormats = require('ajv-formats') as { default: (ajv: AjvLike) => void };
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const schema: unknown = JSON.parse(readFileSync(new URL(`../../../../test/schemas/${relativePath}`, import.meta.url), 'utf8'));
  const validate = ajv.compile(schema);
  return (data) => {
    const valid = validate(data);
    return { valid, errors: JSON.stringify(validate.errors ?? [], null, 1).slice(0, 4000) };
  };
}
