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

test('ready tasks start in input order, however they became ready', async () => {
  const tasks = [
    { id: 'late', dependsOn: ['root'] },
    { id: 'root', dependsOn: [] },
    { id: 'early', dependsOn: [] },
    { id: 'last', dependsOn: ['late', 'early'] },
  ];
  const ran: string[] = [];
  await runDag(tasks, 1, async (id) => {
    ran.push(id);
    return { blocksDownstream: false };
  }, () => assert.fail('nothing should be skipped'));
  assert.deepEqual(ran, ['root', 'late', 'early', 'last']);
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
