// dbt's `config` in the Jinja context: the config() call a node makes while it is parsed, and
// config.get/require/set and the meta helpers that read its settled config afterwards.
import { userError } from '../../core/diagnostic.js';
import { isUndefined, pyStr, toPlain } from '../../templating/index.js';
import { mergeConfig, normalizeConfigKey } from '../load/config-merge.js';
import type { Member } from './context-members.js';
import { bindParams, splitArgs } from './py-args.js';

/** What `config.get(name)` finds in a node's config `cfg`: its own key, else (a custom key) the one in its meta. */
export function lookupConfig(cfg: Record<string, unknown>, name: string): { found: boolean; value: unknown } {
  const key = normalizeConfigKey(name);
  if (key in cfg && cfg[key] !== undefined) return { found: true, value: cfg[key] };
  // As dbt: a key that is not a config of its own is looked up in `meta` (where custom keys live).
  const meta = cfg['meta'];
  if (key !== 'meta' && meta && typeof meta === 'object' && name in meta) return { found: true, value: (meta as Record<string, unknown>)[name] };
  return { found: false, value: undefined };
}

/** dbt's `config`: config(...) records a call while parsing; get, require, set and the meta helpers read the settled config. */
export const configMember: Member = (_core, st) => {
  const fn = (...raw: unknown[]): string => {
    if (st.execute) return '';
    const { args, kwargs } = splitArgs(raw);
    const first = args[0];
    const call = args.length === 1 && first && typeof first === 'object' && !Array.isArray(first) ? { ...(first as Record<string, unknown>), ...kwargs } : kwargs;
    if (args.length > 1 || (args.length === 1 && call === kwargs)) {
      throw userError('compiler-error', 'config() takes keyword arguments, or one dict of them');
    }
    const plain = toPlain(call) as Record<string, unknown>;
    for (const oldKey of ['pre_hook', 'post_hook']) {
      const newKey = oldKey.replace('_', '-');
      if (oldKey in plain && newKey in plain) throw userError('compiler-error', `Invalid config, has conflicting keys "${oldKey}" and "${newKey}"`);
    }
    st.configCalls.push(call);
    st.config = mergeConfig(st.config as Record<string, unknown>, plain);
    return '';
  };
  const lookup = (name: string): { found: boolean; value: unknown } => lookupConfig(st.config as Record<string, unknown>, name);
  // While dbt parses a node its config is not settled yet: config.get() and config.require()
  // answer '' whatever the name (ParseConfigObject), so code that branches on a config value
  // (a ref() override keyed on tags, say) records the same dependencies as in dbt. The renders
  // of generate_*_name macros look values up (dbt's RuntimeConfigObject), in the config of the
  // macro itself, which has none: they get their defaults (see name-generator.ts).
  const parsing = (): boolean => !st.execute && !st.requireVars;
  return Object.assign(fn, {
    get: (...raw: unknown[]) => {
      const p = bindParams(raw, ['name', 'default', 'validator']);
      if (parsing()) return '';
      const r = lookup(String(p['name']));
      return r.found ? r.value : isUndefined(p['default']) ? null : p['default'];
    },
    require: (...raw: unknown[]) => {
      const name = String(bindParams(raw, ['name'])['name']);
      if (parsing()) return '';
      const r = lookup(name);
      if (!r.found || r.value === null) {
        throw userError('compiler-error', `Required config "${name}" was not found${st.node ? ` for ${st.node.resource_type} ${st.node.name}` : ''}`);
      }
      return r.value;
    },
    // At parse time dbt's config.set(name, value) is config(name=value): it lands in the node's config.
    set: (name: unknown, value: unknown) => {
      if (st.execute) {
        // Executing, only the header is kept: dbt renders set_sql_header again at run time.
        if (normalizeConfigKey(String(name)) === 'sql_header' && st.node) st.sqlHeader = pyStr(value);
        return '';
      }
      const call = { [String(name)]: value };
      st.configCalls.push(call);
      st.config = mergeConfig(st.config as Record<string, unknown>, toPlain(call) as Record<string, unknown>);
      return '';
    },
    meta_get: (...raw: unknown[]) => {
      const p = bindParams(raw, ['key', 'default']);
      const meta = (lookup('meta').value ?? {}) as Record<string, unknown>;
      const key = String(p['key']);
      return key in meta ? meta[key] : (p['default'] ?? null);
    },
    meta_require: (key: unknown) => {
      const meta = (lookup('meta').value ?? {}) as Record<string, unknown>;
      if (!(String(key) in meta)) throw userError('compiler-error', `Required meta key "${String(key)}" was not found`);
      return meta[String(key)];
    },
    persist_relation_docs: () => Boolean((lookup('persist_docs').value as Record<string, unknown> | undefined)?.['relation']),
    persist_column_docs: () => Boolean((lookup('persist_docs').value as Record<string, unknown> | undefined)?.['columns']),
  });
};
