// Which ephemeral models a node's compile compiles on the way, as dbt's compiler does: inlining an
// ephemeral model that nothing compiled yet in the invocation, it compiles that model (and, first,
// the ephemeral models it inlines in turn) and writes its SQL, each write a WritingInjectedSQLForNode
// in the logging context of the node being compiled. A selected ephemeral model was compiled in its
// own turn before the nodes below it, so they compile nothing of it again.
import type { GraphNode, Manifest } from '../project/types.js';
import { isEphemeralModel } from './injected-ephemerals.js';
import { logWritingInjectedSql } from './node-events.js';
import type { Logger } from './logger.js';

/** The ephemeral models an invocation has compiled so far, shared by all of its nodes. */
export class FirstInlinedEphemerals {
  private readonly compiled = new Set<string>();

  constructor(
    private readonly manifest: Manifest,
    private readonly selected: ReadonlySet<string>,
  ) {}

  /** The ephemeral models a node's compile compiles first, deepest first, as dbt writes them; each is named once per invocation. */
  take(node: { depends_on?: { nodes?: string[] } }): string[] {
    const found: string[] = [];
    const visit = (from: { depends_on?: { nodes?: string[] } } | undefined): void => {
      for (const id of from?.depends_on?.nodes ?? []) {
        const parent: GraphNode | undefined = this.manifest.nodes[id];
        if (parent === undefined || !isEphemeralModel(parent) || this.selected.has(id) || this.compiled.has(id)) continue;
        this.compiled.add(id);
        visit(parent as { depends_on?: { nodes?: string[] } });
        found.push(id);
      }
    };
    visit(node);
    return found;
  }
}

/**
 * The WritingInjectedSQLForNode events of a node's compile: one for each ephemeral model it
 * compiles first (named, as in dbt, after the node under way), then its own.
 */
export function logCompiledSqlWrites(logger: Logger, node: { depends_on?: { nodes?: string[] } }, inlined: FirstInlinedEphemerals | undefined): void {
  const first = inlined?.take(node) ?? [];
  for (let i = 0; i < first.length; i++) logWritingInjectedSql(logger);
  logWritingInjectedSql(logger);
}
