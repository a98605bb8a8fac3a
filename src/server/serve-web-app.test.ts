import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReelhouseError } from '../core/diagnostic.js';
import { serveWebApp } from './serve-web-app.js';
import type { WebAppHandler } from './web-app.js';

const handler = Object.assign(async () => false, { close: () => undefined }) as WebAppHandler;

test('a port already in use is a user error naming the port and what to do, not a crash', async () => {
  const first = await serveWebApp(handler, { port: 0 });
  try {
    await assert.rejects(serveWebApp(handler, { port: first.port }), (error: unknown) => {
      assert.ok(isReelhouseError(error));
      assert.equal(error.diagnostic.code, 'port-unavailable');
      assert.match(error.diagnostic.message, new RegExp(`127\\.0\\.0\\.1:${first.port}.*already in use`));
      assert.match(error.diagnostic.hint ?? '', /--port/);
      return true;
    });
    // the first server still answers
    const res = await fetch(first.url);
    assert.equal(res.status, 404);
  } finally {
    await first.close();
  }
});
