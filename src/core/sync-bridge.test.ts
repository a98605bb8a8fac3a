import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isReelhouseError } from './diagnostic.js';
import { WorkerRpc } from './sync-bridge.js';

const fixture = new URL('./sync-bridge.fixture-worker.js', import.meta.url);

describe('WorkerRpc', () => {
  let rpc: WorkerRpc;
  before(async () => {
    rpc = await WorkerRpc.start(fixture, { data: { greeting: 'hello' }, label: 'the fixture worker' });
  });
  after(() => rpc.close());

  it('answers async and sync calls with structured-clone data', async () => {
    const value = { a: [1, 2, { b: null }], big: 12n, when: new Date(0), text: 'x' };
    assert.deepEqual(await rpc.call('echo', value), value);
    assert.deepEqual(rpc.callSync('echo', value), value);
    assert.deepEqual(rpc.callSync('data'), { greeting: 'hello' });
  });

  it('answers a sync call while async calls are still in flight', async () => {
    const slow = rpc.call<string>('sleep', 200, 'slow');
    const started = performance.now();
    assert.equal(rpc.callSync('sleep', 10, 'fast'), 'fast');
    assert.ok(performance.now() - started < 180, 'the sync call did not wait for the slow async call');
    assert.equal(await slow, 'slow');
    const log = rpc.callSync<string[]>('log');
    assert.ok(log.indexOf('fast') < log.indexOf('slow'));
  });

  it('keeps many async calls in flight at once', async () => {
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => rpc.call('sleep', 50, `t${i}`)));
    assert.equal(results.length, 20);
    assert.ok(performance.now() - started < 20 * 50, 'calls ran concurrently');
  });

  it('carries errors back: plain errors and ReelhouseErrors with their diagnostic', async () => {
    assert.throws(() => rpc.callSync('fail', 'boom'), /boom/);
    await assert.rejects(rpc.call('fail', 'boom async'), /boom async/);
    try {
      rpc.callSync('failAsync', 'bad model');
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'fixture-error');
      assert.deepEqual(error.diagnostic.location, { file: 'models/x.sql', line: 3 });
    }
    assert.throws(() => rpc.callSync('nope'), /unknown method nope/);
  });

  it('reports a value that cannot cross the thread boundary instead of hanging', async () => {
    assert.throws(() => rpc.callSync('unclonable'), /could not be cloned/i);
    await assert.rejects(rpc.call('unclonable'), /could not be cloned/i);
  });
});

describe('WorkerRpc when the worker dies', () => {
  it('fails a blocked sync call with a clear error when the worker throws', async () => {
    const rpc = await WorkerRpc.start(fixture, { label: 'the fixture worker' });
    rpc.callSync('crashLater', 50);
    assert.throws(() => rpc.callSync('sleep', 5_000, 'never'), /the fixture worker stopped unexpectedly: fixture crash/);
    assert.equal(rpc.alive, false);
    await assert.rejects(rpc.call('noop'), /stopped unexpectedly/);
    await rpc.close();
  });

  it('fails pending async calls when the worker exits', async () => {
    const rpc = await WorkerRpc.start(fixture, { label: 'the fixture worker' });
    const pending = rpc.call('sleep', 5_000, 'never');
    await rpc.call('exitLater', 20);
    await assert.rejects(pending, /the fixture worker stopped unexpectedly/);
    assert.throws(() => rpc.callSync('noop'), /stopped unexpectedly/);
  });

  it('fails a blocked sync call when the worker is stopped from outside its hooks (out of memory)', async () => {
    const rpc = await WorkerRpc.start(fixture, { label: 'the fixture worker', resourceLimits: { maxOldGenerationSizeMb: 32 } });
    rpc.callSync('exhaustMemoryLater', 20);
    assert.throws(() => rpc.callSync('sleep', 60_000, 'never'), /the fixture worker stopped unexpectedly/);
  });

  it('rejects start() when the worker cannot load', async () => {
    await assert.rejects(WorkerRpc.start(new URL('./no-such-worker.js', import.meta.url), { label: 'the missing worker' }), /the missing worker stopped unexpectedly/);
  });

  it('fails a sync call on a worker that already exited', async () => {
    const rpc = await WorkerRpc.start(fixture);
    rpc.callSync('exitLater', 0);
    // Give the worker time to exit while this thread never looks at its events.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    assert.throws(() => rpc.callSync('noop'), /stopped unexpectedly/);
  });
});

describe('WorkerRpc and process exit', () => {
  it('lets the process exit while the worker is idle, without close()', () => {
    const script = `
      import { WorkerRpc } from ${JSON.stringify(new URL('./sync-bridge.js', import.meta.url).href)};
      const rpc = await WorkerRpc.start(new URL(${JSON.stringify(fixture.href)}));
      console.log(rpc.callSync('echo', 'sync'), await rpc.call('echo', 'async'));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(child.signal, null, 'the child exited by itself');
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'sync async');
  });

  it('keeps the process alive while an async call is pending', () => {
    const script = `
      import { WorkerRpc } from ${JSON.stringify(new URL('./sync-bridge.js', import.meta.url).href)};
      const rpc = await WorkerRpc.start(new URL(${JSON.stringify(fixture.href)}));
      rpc.call('sleep', 200, 'late').then((v) => console.log(v));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout.trim(), 'late');
  });

  it('refuses to serve outside a bridge worker', async () => {
    const { serveWorkerRpc } = await import('./sync-bridge-serve.js');
    assert.throws(() => serveWorkerRpc({}), /must run in a worker/);
    assert.ok(fileURLToPath(fixture).endsWith('.js'));
  });
});
