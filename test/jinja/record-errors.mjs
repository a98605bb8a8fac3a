// Records the engine's own message for every corpus case where Jinja2 raises, as
// expected/<area>/<name>.ours, so that messages are reviewed in diffs and regressions show.
// Run after the build: `node test/jinja/record-errors.mjs` (add `--check` to only report).
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const engine = new URL('../../dist/src/templating/index.js', import.meta.url);
const { Environment, TemplateError } = await import(engine.href);
const checkOnly = process.argv.includes('--check');

function render(source, options, filename) {
  const templates = options.templates ?? {};
  const env = new Environment({
    undefinedBehavior: options.strict ? 'strict' : 'lenient',
    loader: (name) => (templates[name] === undefined ? undefined : { source: templates[name], filename: name }),
  });
  return env.renderString(source, options.context ?? {}, filename);
}

const counts = { unchanged: 0, written: 0, removed: 0, problems: 0 };
for (const area of readdirSync(join(here, 'cases')).sort()) {
  for (const file of readdirSync(join(here, 'cases', area)).sort()) {
    if (!file.endsWith('.jinja')) continue;
    const name = file.slice(0, -'.jinja'.length);
    const base = join(here, 'cases', area, name);
    const expected = join(here, 'expected', area, name);
    const ours = `${expected}.ours`;
    if (!existsSync(`${expected}.err`)) {
      if (existsSync(ours)) {
        if (!checkOnly) rmSync(ours);
        counts.removed++;
        console.log(`stale golden: ${area}/${name}`);
      }
      continue;
    }
    const options = existsSync(`${base}.json`) ? JSON.parse(readFileSync(`${base}.json`, 'utf8')) : {};
    let message;
    try {
      render(readFileSync(`${base}.jinja`, 'utf8'), options, `${area}/${name}.jinja`);
      console.log(`does not throw: ${area}/${name}`);
      counts.problems++;
      continue;
    } catch (err) {
      if (!(err instanceof TemplateError)) {
        console.log(`not a TemplateError: ${area}/${name}: ${err?.stack ?? err}`);
        counts.problems++;
        continue;
      }
      message = err.diagnostic.message;
    }
    const text = `${message}\n`;
    if (existsSync(ours) && readFileSync(ours, 'utf8') === text) {
      counts.unchanged++;
      continue;
    }
    console.log(`${existsSync(ours) ? 'changed' : 'new'}: ${area}/${name}: ${message}`);
    if (!checkOnly) writeFileSync(ours, text);
    counts.written++;
  }
}
console.log(`${counts.unchanged} unchanged, ${counts.written} ${checkOnly ? 'to write' : 'written'}, ${counts.removed} stale, ${counts.problems} problems`);
process.exitCode = checkOnly && (counts.written > 0 || counts.removed > 0) ? 1 : 0;
