import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand, operationsMax, type TransactionCommand } from './commands.js';
import { isStateError } from './state-error.js';
import { configMap, keyFor } from './test-support.js';

const encoder = new TextEncoder();

function invalidReason(json: unknown): string {
  try {
    decodeCommand(encoder.encode(JSON.stringify(json)));
  } catch (error: unknown) {
    if (isStateError(error, 'invalid')) return error.message;
    throw error;
  }
  throw new Error('expected the command to be rejected');
}

const base = { version: 1, type: 'transaction', now: '2025-01-02T03:04:05.123Z' };

describe('command format', () => {
  it('round-trips every operation type', () => {
    const command: TransactionCommand = {
      version: 1,
      type: 'transaction',
      now: '2025-01-02T03:04:05Z',
      operations: [
        { op: 'create', object: configMap('a', {}) },
        { op: 'update', object: configMap('a', { x: '1' }), expectedResourceVersion: '7' },
        { op: 'updateStatus', object: configMap('a', {}) },
        { op: 'delete', key: keyFor('ConfigMap', 'a'), expectedUid: 'uid-a', expectedResourceVersion: '8' },
        { op: 'check', key: keyFor('ConfigMap', 'b'), resourceVersion: null },
      ],
    };
    expect(decodeCommand(encodeCommand(command))).toEqual(command);
  });

  it('names what is wrong with a malformed command', () => {
    expect(invalidReason({ ...base, version: 9, operations: [] })).toMatch(/version/);
    expect(invalidReason({ ...base, type: 'teleport', operations: [] })).toMatch(/unknown command type/);
    expect(invalidReason({ ...base, now: 'soon', operations: [{ op: 'check' }] })).toMatch(/RFC 3339/);
    expect(invalidReason({ ...base, operations: [] })).toMatch(/non-empty/);
    expect(invalidReason({ ...base, operations: [{ op: 'explode' }] })).toMatch(/operations\[0\]\.op/);
    expect(
      invalidReason({ ...base, operations: [{ op: 'create', object: { kind: 'X', metadata: { name: 'a' } } }] }),
    ).toMatch(/uid must be decided/);
    expect(invalidReason({ ...base, operations: [{ op: 'update', object: { kind: 'X', metadata: {} } }] })).toMatch(
      /metadata\.name/,
    );
    expect(
      invalidReason({
        ...base,
        operations: [{ op: 'update', object: configMap('a', {}), expectedResourceVersion: 7 }],
      }),
    ).toMatch(/expectedResourceVersion/);
    expect(invalidReason({ ...base, operations: [{ op: 'delete', key: { kind: 'X', name: 'a' } }] })).toMatch(
      /namespace/,
    );
    expect(
      invalidReason({ ...base, operations: [{ op: 'check', key: keyFor('X', 'a'), resourceVersion: '0' }] }),
    ).toMatch(/resourceVersion/);
    const labelled = configMap('a', {});
    (labelled['metadata'] as Record<string, unknown>)['labels'] = { app: 3 };
    expect(invalidReason({ ...base, operations: [{ op: 'update', object: labelled }] })).toMatch(/labels/);
  });

  it('bounds the number of operations and the size of objects', () => {
    const check = { op: 'check', key: keyFor('X', 'a'), resourceVersion: null };
    expect(invalidReason({ ...base, operations: Array.from({ length: operationsMax + 1 }, () => check) })).toMatch(
      /more than/,
    );
    expect(
      invalidReason({
        ...base,
        operations: [{ op: 'update', object: configMap('a', { big: 'x'.repeat(1_600_000) }) }],
      }),
    ).toMatch(/bytes/);
  });

  it('rejects bytes that are not UTF-8 JSON', () => {
    expect(() => decodeCommand(new Uint8Array([0xc3, 0x28]))).toThrowError(/UTF-8 JSON/);
  });
});
