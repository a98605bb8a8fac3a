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
}

/** Wraps an adapter as the bridge templates use; statements go to a pooled session unless `on` names one. */
export function sessionBridge(adapter: Adapter): SessionBridge {
  let current: string | undefined;
  const onSession = (): { session: string } | undefined => (current === undefined ? undefined : { session: current });
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
    executeSync: (sql) => adapter.executeSync(sql, { ...onSession(), exactDecimals: true }),
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
  };
}
