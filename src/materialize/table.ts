import type { RelationRef } from '../adapters/adapter.js';
import { buildRelation } from './build-relation.js';
import { contractEnforced, createWithContract } from './contract.js';
import { wrappableSql } from './relations.js';
import type { Materialization } from './materialization.js';

/** dbt's `table` materialization: built under a staging name and swapped in atomically. */
export const tableMaterialization: Materialization = {
  name: 'table',
  async build(ctx, runner) {
    const dialect = runner.adapter.dialect;
    const createSql = (staged: RelationRef) => `create table ${dialect.renderRelation(staged)} as (\n${wrappableSql(ctx.node.compiled_code ?? '')}\n)`;
    const enforced = contractEnforced(ctx.node);
    const relation = await buildRelation(ctx, runner, {
      type: 'table',
      create: async (staged, session) => {
        if (enforced) await createWithContract(ctx.node, runner, staged, session);
        else await runner.run(createSql(staged), session);
      },
      createSql: enforced ? undefined : createSql,
    });
    return { status: 'success', message: 'OK', code: 'CREATE TABLE', relation };
  },
};
