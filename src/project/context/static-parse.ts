// Whether dbt reads a SQL model with its static parser rather than by rendering its Jinja. dbt
// tries the static parser first: it succeeds when the only Jinja in the file is `{{ ref(...) }}`,
// `{{ source(...) }}` and `{{ config(...) }}` calls with literal arguments (no statements, no
// comments, no hooks in config). Which way a model is read shows in manifest.json: the static
// parser lists the sources as a set (each once) and adds the refs of the model's hooks, which it
// renders first, before those of its SQL; a render lists every call in the order it ran.

/** True when dbt's static parser reads this SQL; `overridden` when the project or the model's package defines ref, source or config. */
export function parsedStatically(rawCode: string, overridden: boolean): boolean {
  if (overridden) return false;
  if (rawCode.includes('{%') || rawCode.includes('{#')) return false;
  let at = rawCode.indexOf('{{');
  while (at >= 0) {
    const reader = new LiteralReader(rawCode, at + 2);
    if (!reader.call()) return false;
    reader.space();
    if (!rawCode.startsWith('}}', reader.pos)) return false;
    at = rawCode.indexOf('{{', reader.pos + 2);
  }
  return true;
}

const HOOK_KEYS = new Set(['pre_hook', 'pre-hook', 'post_hook', 'post-hook']);

/** Reads one `name(args)` call whose arguments are literals, as the static parser accepts them. */
class LiteralReader {
  constructor(
    private readonly text: string,
    public pos: number,
  ) {}

  space(): void {
    while (this.pos < this.text.length && /\s/u.test(this.text[this.pos]!)) this.pos++;
  }

  private name(): string | null {
    this.space();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/u.exec(this.text.slice(this.pos, this.pos + 64));
    if (!m) return null;
    this.pos += m[0].length;
    return m[0];
  }

  private eat(ch: string): boolean {
    this.space();
    if (this.text[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }

  private string(): boolean {
    this.space();
    const quote = this.text[this.pos];
    if (quote !== "'" && quote !== '"') return false;
    const end = this.text.indexOf(quote, this.pos + 1);
    if (end < 0) return false;
    this.pos = end + 1;
    return true;
  }

  private value(): boolean {
    this.space();
    const ch = this.text[this.pos];
    if (ch === "'" || ch === '"') return this.string();
    if (ch === '[') return this.sequence(']', () => this.value());
    if (ch === '{') return this.sequence('}', () => this.string() && this.eat(':') && this.value());
    const word = this.name();
    return word === 'True' || word === 'False';
  }

  private sequence(close: string, item: () => boolean): boolean {
    this.pos++;
    if (this.eat(close)) return true;
    do {
      if (this.eat(close)) return true;
      if (!item()) return false;
    } while (this.eat(','));
    return this.eat(close);
  }

  private number(): boolean {
    this.space();
    const m = /^[0-9][0-9_]*(?:\.[0-9]+)?/u.exec(this.text.slice(this.pos, this.pos + 32));
    if (!m) return false;
    this.pos += m[0].length;
    return true;
  }

  /** `ref`, `source` or `config` called with literal positional arguments then keyword ones. */
  call(): boolean {
    const fn = this.name();
    if (fn !== 'ref' && fn !== 'source' && fn !== 'config') return false;
    if (!this.eat('(')) return false;
    let positional = 0;
    const keywords: string[] = [];
    if (!this.eat(')')) {
      do {
        const start = this.pos;
        const key = this.name();
        if (key !== null && this.eat('=')) {
          keywords.push(key);
          // config takes any literal; ref's version may be a number; source's names are strings.
          const ok = fn === 'config' ? this.value() : fn === 'ref' ? this.string() || this.number() : this.string();
          if (!ok) return false;
          continue;
        }
        this.pos = start;
        // Positional arguments come first, and only ref and source take them: strings.
        if (keywords.length > 0 || fn === 'config' || !this.string()) return false;
        positional++;
      } while (this.eat(','));
      if (!this.eat(')')) return false;
    }
    if (fn === 'config') return keywords.length > 0 && !keywords.some((k) => HOOK_KEYS.has(k));
    if (fn === 'source') return positional + keywords.length === 2 && keywords.every((k, i) => k === (positional + i === 0 ? 'source_name' : 'table_name'));
    return positional >= 1 && positional <= 2 && keywords.every((k) => k === 'v' || k === 'version');
  }
}

/** Whether `pkg` or the root project defines a macro dbt's static parser stands in for (ref, source, config). */
export function overridesParseCalls(registry: { get(pkg: string, name: string): unknown }, pkg: string, rootPackage: string): boolean {
  return ['ref', 'source', 'config'].some((name) => registry.get(pkg, name) !== undefined || registry.get(rootPackage, name) !== undefined);
}
