// The sync bridge's wire protocol (see sync-bridge.ts): the shared slot's states, the messages
// both threads exchange, and errors as they cross the thread boundary.
import type { MessagePort } from 'node:worker_threads';
import { ReelhouseError, isReelhouseError, type Diagnostic } from './diagnostic.js';

/** Flag values in the shared slot the main thread waits on. */
export const SLOT_IDLE = 0;
export const SLOT_REPLIED = 1;
export const SLOT_DEAD = 2;

/** The key under which the bridge's own plumbing travels in `workerData`. */
export const BRIDGE_KEY = '__reelhouseSyncBridge';

/** What a bridge worker receives in `workerData` under BRIDGE_KEY. */
export interface BridgeInit {
  requests: MessagePort;
  syncReplies: MessagePort;
  slot: SharedArrayBuffer;
  data: unknown;
}

/** One call, as it travels to the worker. */
export interface Request {
  id: number;
  method: string;
  args: unknown[];
  sync: boolean;
}

/** An error as it crosses the thread boundary. */
export interface WireError {
  message: string;
  name?: string;
  stack?: string;
  diagnostic?: Diagnostic;
}

/** A worker's answer: a call's value or error, a fatal error, or the ready signal. */
export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError } | { fatal: WireError } | { ready: true };

/** An error in a form that survives structured cloning (a ReelhouseError keeps its diagnostic). */
export function toWire(error: unknown): WireError {
  if (isReelhouseError(error)) {
    return { message: error.message, name: error.name, diagnostic: error.diagnostic };
  }
  if (error instanceof Error) {
    const wire: WireError = { message: error.message, name: error.name };
    if (error.stack) wire.stack = error.stack;
    return wire;
  }
  return { message: String(error) };
}

/** The error a wire error stands for, on the receiving side. */
export function fromWire(wire: WireError): Error {
  if (wire.diagnostic) return new ReelhouseError(wire.diagnostic);
  const error = new Error(wire.message);
  if (wire.name) error.name = wire.name;
  if (wire.stack) error.stack = wire.stack;
  return error;
}
