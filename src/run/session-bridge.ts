// The warehouse as templates reach it while they render (run_query, statement, adapter.*).
// A hook that runs inside a model's transaction renders while that transaction is open: as in
// dbt, where a hook and its model share one connection, the statements its templates issue
// must run on the transaction's session, or they cannot see what the model just built.
import type { Adapter } from '../adapters/adapter.js';
import type { DatabaseBridge } from '../project/context/index.js';

/** A database bridge whose statements can be sent to one named session for the length of a render. */
export interface SessionBridge extends DatabaseBridge {
  /** Runs `render` (synchronous) with template statements on `session`, then restores the previous routing. */
  on<T>(session: string | undefined, render: () => T): T;
  /**
   * Runs `render` with the statements its templates send (run_query, statement) on `session`,
   * catalog lookups staying pooled; `sent` tells whether any statement went there.
   */
  statementsOn<T>(session: string, render: () => T): { value: T; sent: boolean };
}

/** Wraps an adapter as the bridge templates use; statements go to a pooled session unless `on` names one. */
export function sessionBridge(adapter: Adapter): SessionBridge {
  let current: string | undefined;
  // The node's own session for the statements its compile sends (see statementsOn).
  let home: string | undefined;
  let sent = false;
  const onSession = (): { session: string } | undefined => (current === undefined ? undefined : { session: current });
  const statementSession = (): { session: string } | undefined => {
    if (current !== undefined) return { session: current };
    if (home === undefined) return undefined;
    sent = true;
    return { session: home };
  };
  return {
    get type() {
      return adapter.type;
    },
    get defaultDatabase() {
      return adapter.defaultDatabase;
    },
    get dialect() {
      return adapter.dialect;
    },
    // Templates hold query results as agate does: DECIMALs exact (run_query builds Decimals from the text).
    executeSync: (sql) => adapter.executeSync(sql, { ...statementSession(), exactDecimals: true }),
    // Catalog lookups too: a post-hook describing `this` must see the relation its transaction built.
    getRelationSync: (relation) => adapter.getRelationSync(relation, onSession()),
    getColumnsSync: (relation) => adapter.getColumnsSync(relation, onSession()),
    listRelationsSync: (database, schema) => adapter.listRelationsSync(database, schema, onSession()),
    on(session, render) {
      // Rendering is synchronous, so no other node's template can run while `current` is set.
      const previous = current;
      current = session;
      try {
        return render();
      } finally {
        current = previous;
      }
    },
    statementsOn(session, render) {
      const [previousHome, previousSent] = [home, sent];
      home = session;
      sent = false;
      try {
        const value = render();
        return { value, sent };
      } finally {
        home = previousHome;
        sent = previousSent;
      }
    },
  };
}
