// The compiled templates of one renderer: node code, hooks and inline strings, and generic
// tests' argument expressions, each compiled once however many renders use it.
import type { Environment, Template } from '../../templating/index.js';
import type { CompiledNode } from '../types.js';

/** Compiles each distinct template source once per renderer. */
export class TemplateCache {
  private readonly byKey = new Map<string, Template>();
  private readonly nodeTemplates = new Map<string, Map<string, Template>>();
  private readonly kwargTemplates = new Map<string, Map<string, Template>>();

  constructor(private readonly env: Environment) {}

  /**
   * The template of a node's code. Keyed by file and code, not by node: the generic tests of one
   * YAML file share their code (`{{ test_unique(**_dbt_generic_test_kwargs) }}`), so thousands of
   * them compile it once.
   */
  node(node: CompiledNode): Template {
    return this.keyed(this.nodeTemplates, node.origin.file, node.raw_code, node.origin.file);
  }

  /** A generic test argument's template, by kind, then source: the sources come from a cache, as test kwargs' shapes. */
  kwarg(kind: string, source: string, filename: string): Template {
    return this.keyed(this.kwargTemplates, kind, source, filename);
  }

  /** Any other template (a hook, an inline string), under a key naming its kind, file and source. */
  get(key: string, source: string, filename: string): Template {
    let t = this.byKey.get(key);
    if (!t) {
      t = this.env.compile(source, filename);
      this.byKey.set(key, t);
    }
    return t;
  }

  // Two-level keys (file or kind, then code): strings already held keep their hashes after the
  // first lookup, where one key joined from them would be built and hashed anew on every render.
  private keyed(cache: Map<string, Map<string, Template>>, outer: string, source: string, filename: string): Template {
    let bySource = cache.get(outer);
    if (!bySource) cache.set(outer, (bySource = new Map()));
    let t = bySource.get(source);
    if (!t) {
      t = this.env.compile(source, filename);
      bySource.set(source, t);
    }
    return t;
  }
}
