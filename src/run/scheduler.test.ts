import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDag } from './scheduler.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('runs every task after its dependencies, within the concurrency limit', async () => {
  const tasks = [
    { id: 'a', dependsOn: [] },
    { id: 'b', dependsOn: ['a'] },
    { id: 'c', dependsOn: ['a'] },
    { id: 'd', dependsOn: ['b', 'c'] },
    { id: 'e', dependsOn: [] },
  ];
  const finished: string[] = [];
  let running = 0;
  let peak = 0;
  await runDag(tasks, 2, async (id) => {
    running++;
    peak = Math.max(peak, running);
    const task = tasks.find((t) => t.id === id)!;
    for (const dep of task.dependsOn) assert.ok(finished.includes(dep), `${id} started before ${dep}`);
    await sleep(5);
    running--;
    finished.push(id);
    return { blocksDownstream: false };
  }, () => assert.fail('nothing should be skipped'));
  assert.equal(finished.length, 5);
  assert.equal(peak, 2);
  assert.equal(finished.at(-1), 'd');
});

test('a failed task skips all of its descendants and nothing else', async () => {
  const tasks = [
    { id: 'a', dependsOn: [] },
    { id: 'b', dependsOn: ['a'] },
    { id: 'c', dependsOn: ['b'] },
    { id: 'x', dependsOn: [] },
  ];
  const ran: string[] = [];
  const skipped: [string, string][] = [];
  await runDag(tasks, 1, async (id) => {
    ran.push(id);
    return { blocksDownstream: id === 'a' };
  }, (id, cause) => skipped.push([id, cause]));
  assert.deepEqual(ran.sort(), ['a', 'x']);
  assert.deepEqual(skipped.sort(), [['b', 'a'], ['c', 'a']]);
});

test('stopping early reports every task that did not run as skipped', async () => {
  const tasks = ['a', 'b', 'c', 'd'].map((id) => ({ id, dependsOn: [] }));
  let stop = false;
  const ran: string[] = [];
  const skipped: string[] = [];
  await runDag(tasks, 1, async (id) => {
    ran.push(id);
    if (id === 'b') stop = true;
    return { blocksDownstream: false };
  }, (id) => skipped.push(id), () => stop);
  assert.deepEqual(ran, ['a', 'b']);
  assert.deepEqual(skipped.sort(), ['c', 'd']);
});

test('a dependency listed twice, on itself or outside the task set is waited for once or not at all', async () => {
  const tasks = [
    { id: 'b', dependsOn: ['a', 'a', 'b', 'not-a-task'] },
    { id: 'a', dependsOn: [] },
    { id: 'c', dependsOn: ['b', 'a', 'b'] },
  ];
  const ran: string[] = [];
  await runDag(tasks, 1, async (id) => {
    ran.push(id);
    return { blocksDownstream: false };
  }, () => assert.fail('nothing should be skipped'));
  assert.deepEqual(ran, ['a', 'b', 'c']);
});

test('ready tasks start in the order they became ready, those ready together by depth then id', async () => {
  // Two chains: a depth-first walk would finish the first chain before starting the second.
  const chains = [
    { id: 'model.p.a_root', dependsOn: [] },
    { id: 'model.p.a_child', dependsOn: ['model.p.a_root'] },
    { id: 'model.p.a_leaf', dependsOn: ['model.p.a_child', 'model.p.z_root'] },
    { id: 'model.p.z_root', dependsOn: [] },
    { id: 'model.p.m_root', dependsOn: [] },
    { id: 'model.p.m_child', dependsOn: ['model.p.m_root'] },
  ];
  // f_pay is ready once d_cust is done, before f_lines, which also waits for d_prod.
  const facts = [
    { id: 'model.p.f_lines', dependsOn: ['model.p.d_cust', 'model.p.d_prod'] },
    { id: 'model.p.f_pay', dependsOn: ['model.p.d_cust', 'model.p.s_pay'] },
    { id: 'model.p.d_prod', dependsOn: ['model.p.s_prod'] },
    { id: 'model.p.d_cust', dependsOn: ['model.p.s_cust'] },
    { id: 'model.p.s_prod', dependsOn: [] },
    { id: 'model.p.s_pay', dependsOn: [] },
    { id: 'model.p.s_cust', dependsOn: [] },
  ];
  const cases: [typeof chains, string[]][] = [
    [chains, ['a_root', 'm_root', 'z_root', 'a_child', 'm_child', 'a_leaf']],
    [facts, ['s_cust', 's_pay', 's_prod', 'd_cust', 'd_prod', 'f_pay', 'f_lines']],
  ];
  for (const [tasks, expected] of cases) {
    for (const order of [tasks, [...tasks].reverse()]) {
      const ran: string[] = [];
      await runDag(order, 1, async (id) => {
        ran.push(id.replace('model.p.', ''));
        return { blocksDownstream: false };
      }, () => assert.fail('nothing should be skipped'));
      assert.deepEqual(ran, expected);
    }
  }
});

test('work done at once starts and finishes in the order of work that awaits equally long, failures skipping the same tasks', async () => {
  // A diamond under two roots, a failing branch, and more roots than the pool holds.
  const tasks = [
    { id: 'r1', dependsOn: [] },
    { id: 'r2', dependsOn: [] },
    { id: 'a', dependsOn: ['r1'] },
    { id: 'b', dependsOn: ['r1', 'r2'] },
    { id: 'bad', dependsOn: ['r2'] },
    { id: 'c', dependsOn: ['a', 'b'] },
    { id: 'below_bad', dependsOn: ['bad'] },
    { id: 'r3', dependsOn: [] },
    { id: 'd', dependsOn: ['c', 'r3'] },
  ];
  const record = async (awaiting: boolean, concurrency: number) => {
    const events: string[] = [];
    await runDag(
      tasks,
      concurrency,
      (id) => {
        events.push(`start ${id}`);
        const done = () => {
          events.push(`finish ${id}`);
          return { blocksDownstream: id === 'bad' };
        };
        // Every awaiting task takes the same three turns.
        return awaiting ? Promise.resolve().then(() => undefined).then(() => undefined).then(done) : done;
      },
      (id, cause) => events.push(`skip ${id} for ${cause}`),
    );
    return events;
  };
  for (const concurrency of [1, 2, 3]) {
    const awaited = await record(true, concurrency);
    assert.deepEqual(await record(false, concurrency), awaited, `concurrency ${concurrency}`);
    assert.ok(awaited.includes('skip below_bad for bad'));
  }
});
