import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment } from '../../templating/index.js';
import { macroTextKey } from '../load/macro-file-index.js';
import { globalProjectMacroFiles } from './global-project.js';
import { registerDbtJinja } from './jinja-setup.js';
import { GLOBAL_PACKAGE, indexMacroFiles, MacroRegistry } from './macro-registry.js';
import type { MacroFile } from './project-shape.js';

const dbtEnv = (): Environment => {
  const env = new Environment({ undefinedBehavior: 'lenient' });
  registerDbtJinja(env);
  return env;
};

const helpers: MacroFile = {
  packageName: GLOBAL_PACKAGE,
  path: 'macros/helpers.sql',
  source: `{% macro greet(name, punct='!') %}hello {{ name }}{{ punct }}{{ shout(name) }}{% endmacro %}\n{% macro shout(x) %}{{ x | upper }}{% endmacro %}\n{% test positive(model, column_name) %}select 1{% endtest %}\n`,
};

describe('built-in macros taken from the build index', () => {
  it('are known by name, line, parameters and calls without compiling, and render as when parsed when first called', () => {
    const index = indexMacroFiles(dbtEnv(), [helpers]);
    // Templates the environment handed out: it caches by file, so one file gives one template.
    const compiled = new Set<unknown>();
    const env = dbtEnv();
    const compile = env.compile.bind(env);
    env.compile = (source, filename) => {
      const template = compile(source, filename);
      compiled.add(template);
      return template;
    };
    const lazy = new MacroRegistry(env, [helpers], (source) => index[macroTextKey(source)]);
    const eager = new MacroRegistry(dbtEnv(), [helpers], () => undefined);
    for (const name of ['greet', 'shout', 'test_positive']) {
      const [l, e] = [lazy.get(GLOBAL_PACKAGE, name)!, eager.get(GLOBAL_PACKAGE, name)!];
      assert.deepEqual([l.name, l.line, l.params, l.filename], [e.name, e.line, e.params, e.filename], name);
      assert.deepEqual(lazy.callsOf(GLOBAL_PACKAGE, name), eager.callsOf(GLOBAL_PACKAGE, name), name);
    }
    assert.equal(compiled.size, 0, 'nothing compiled before a call');
    const context: Record<string, unknown> = {};
    context['shout'] = lazy.get(GLOBAL_PACKAGE, 'shout')!.bind(context);
    const greet = lazy.get(GLOBAL_PACKAGE, 'greet')!.bind(context);
    assert.equal(String(greet('ada')), 'hello ada!ADA');
    assert.equal(compiled.size, 1, 'the file compiled once, for its first call');
  });

  it('read a built-in file whose text the index does not hold (edited since the build) from its text', () => {
    const index = indexMacroFiles(dbtEnv(), [helpers]);
    const edited: MacroFile = { ...helpers, source: helpers.source.replace('hello', 'hi') };
    const registry = new MacroRegistry(dbtEnv(), [edited], (source) => index[macroTextKey(source)]);
    const context: Record<string, unknown> = {};
    context['shout'] = registry.get(GLOBAL_PACKAGE, 'shout')!.bind(context);
    assert.equal(String(registry.get(GLOBAL_PACKAGE, 'greet')!.bind(context)('ada', '.')), 'hi ada.ADA');
  });

  it('hold every built-in file as reading it finds, in a form that survives being written as JSON', () => {
    const files = globalProjectMacroFiles();
    const index = JSON.parse(JSON.stringify(indexMacroFiles(dbtEnv(), files))) as ReturnType<typeof indexMacroFiles>;
    const fromIndex = new MacroRegistry(dbtEnv(), files, (source) => index[macroTextKey(source)]);
    const parsed = new MacroRegistry(dbtEnv(), files, () => undefined);
    const names = [...parsed.byPackage.get(GLOBAL_PACKAGE)!.keys()];
    assert.ok(names.length > 300, `${names.length} built-in macros`);
    assert.deepEqual([...fromIndex.byPackage.get(GLOBAL_PACKAGE)!.keys()], names);
    for (const name of names) {
      const [l, e] = [fromIndex.get(GLOBAL_PACKAGE, name)!, parsed.get(GLOBAL_PACKAGE, name)!];
      assert.deepEqual({ line: l.line, params: l.params, calls: fromIndex.callsOf(GLOBAL_PACKAGE, name) }, { line: e.line, params: e.params, calls: parsed.callsOf(GLOBAL_PACKAGE, name) }, name);
    }
  });
});
