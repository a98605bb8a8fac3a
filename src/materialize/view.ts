import type { RelationRef } from '../adapters/adapter.js';
import { buildRelation } from './build-relation.js';
import { assertContractColumns, contractEnforced, jinjaWarning } from './contract.js';
import { createStatementOverride } from './macro-overrides.js';
import { createViewAsSql } from './create-as-sql.js';
import type { Materialization } from './materialization.js';

/** dbt's `view` materialization. */
export const viewMaterialization: Materialization = {
  name: 'view',
  async build(ctx, runner) {
    const dialect = runner.adapter.dialect;
    // A project's get_create_view_as_sql / create_view_as replaces dbt's statement.
    const override = createStatementOverride(ctx, 'view');
    const createSql =
      override ?? ((staged: RelationRef) => createViewAsSql(dialect.renderRelation(staged), ctx.node.compiled_code ?? ''));
    const relation = await buildRelation(ctx, runner, {
      type: 'view',
      create: async (staged, session) => {
        // dbt checks a view's columns against an enforced contract too (constraints are tables' only).
        if (contractEnforced(ctx.node)) await assertContractColumns(ctx.node, runner, session, jinjaWarning(ctx));
        await runner.runMain(createSql(staged), session);
      },
      createSql: contractEnforced(ctx.node) ? undefined : createSql,
      headerInCreate: override !== undefined,
    });
    return { status: 'success', message: 'OK', code: 'CREATE VIEW', relation };
  },
};
