import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';
import { validateClientOptions } from './client-options.js';
import { Endpoints } from './endpoints.js';
import { ClientError, toClientError } from './errors.js';
import { containsFields } from './wire-helpers.js';

function grpcError(code: number, details: string, metadata = new Metadata()): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata });
}

describe('gRPC status to ClientError', () => {
  it('maps each status a caller branches on and keeps the server message with its field path', () => {
    expect(toClientError(grpcError(status.NOT_FOUND, 'Pod default/a not found')).code).toBe('not-found');
    expect(toClientError(grpcError(status.ALREADY_EXISTS, 'exists')).code).toBe('already-exists');
    expect(toClientError(grpcError(status.ABORTED, 'stale resourceVersion')).code).toBe('conflict');
    expect(toClientError(grpcError(status.OUT_OF_RANGE, 'too old')).code).toBe('expired');
    expect(toClientError(grpcError(status.RESOURCE_EXHAUSTED, 'object too big')).code).toBe('too-large');
    const invalid = toClientError(
      grpcError(status.INVALID_ARGUMENT, 'spec.template.spec.containers[0].image: required'),
    );
    expect(invalid.code).toBe('invalid');
    expect(invalid.message).toBe('spec.template.spec.containers[0].image: required');
  });

  it('reads the leader hint from the orca-leader trailer, else from the message', () => {
    const metadata = new Metadata();
    metadata.set('orca-leader', '127.0.0.1:7001');
    expect(toClientError(grpcError(status.UNAVAILABLE, 'not the leader', metadata)).leaderHint).toBe('127.0.0.1:7001');
    expect(
      toClientError(grpcError(status.UNAVAILABLE, 'timed out (the last known leader is m2 at 127.0.0.1:7002)'))
        .leaderHint,
    ).toBe('127.0.0.1:7002');
    expect(toClientError(grpcError(status.UNAVAILABLE, 'no leader is known')).leaderHint).toBeUndefined();
  });

  it('tells a call that never left (no connection) from one that may have been applied', () => {
    expect(
      toClientError(
        grpcError(status.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1'),
      ).notSent,
    ).toBe(true);
    expect(toClientError(grpcError(status.UNAVAILABLE, 'Connection dropped')).notSent).toBe(false);
    expect(
      toClientError(
        grpcError(status.UNAVAILABLE, "entry 10 was replaced by another leader's entry; the command was not applied"),
      ).notSent,
    ).toBe(true);
    const refused = new Metadata();
    refused.set('orca-not-applied', '1');
    expect(toClientError(grpcError(status.UNAVAILABLE, 'no leader', refused)).notSent).toBe(true);
  });

  it('passes a ClientError through and wraps anything else as internal', () => {
    const original = new ClientError('closed', 'closed');
    expect(toClientError(original)).toBe(original);
    expect(toClientError(new Error('boom')).code).toBe('internal');
  });
});

describe('back-off', () => {
  it('grows exponentially up to the ceiling with full jitter', () => {
    const policy = { baseMs: 50, maxMs: 1000 };
    expect(backoffDelayMs(policy, 0, () => 0.99)).toBe(0);
    expect(backoffDelayMs(policy, 1, () => 0.999)).toBe(49);
    expect(backoffDelayMs(policy, 3, () => 0.999)).toBe(199);
    expect(backoffDelayMs(policy, 40, () => 0.999)).toBe(999);
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
  });
});

describe('endpoints', () => {
  it('rotates on failure, follows a leader hint, and learns new addresses up to the bound', () => {
    const endpoints = new Endpoints(['a:1', 'b:2', 'c:3'], 4);
    expect(endpoints.current).toBe('a:1');
    endpoints.failed('a:1');
    expect(endpoints.current).toBe('b:2');
    endpoints.failed('a:1'); // a late report about a master already left changes nothing
    expect(endpoints.current).toBe('b:2');
    endpoints.failed('b:2', 'a:1');
    expect(endpoints.current).toBe('a:1');
    endpoints.failed('a:1', 'd:4');
    expect(endpoints.current).toBe('d:4');
    endpoints.failed('d:4', 'e:5'); // full: the hint is ignored, the next one is tried
    expect(endpoints.all).toEqual(['a:1', 'b:2', 'c:3', 'd:4']);
    expect(endpoints.current).toBe('a:1');
  });
});

describe('client options', () => {
  it('fills defaults and names the field that is wrong', () => {
    expect(validateClientOptions({ servers: ['127.0.0.1:7000'] }).attemptsMax).toBeGreaterThan(1);
    expect(() => validateClientOptions({ servers: [] })).toThrow('servers: at least one master address is required');
    expect(() => validateClientOptions({ servers: ['localhost'] })).toThrow('servers[0]: "localhost" is not host:port');
    expect(() => validateClientOptions({ servers: ['h:1'], attemptsMax: 0 })).toThrow(
      'attemptsMax: must be a positive integer',
    );
  });
});

describe('re-checking a write', () => {
  it('finds what was written inside what the server stored, defaults and all', () => {
    const sent = {
      spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } },
      labels: {},
    };
    const stored = {
      spec: {
        replicas: 3,
        revisionHistoryLimit: 10,
        template: { spec: { containers: [{ name: 'web', image: 'nginx', imagePullPolicy: 'Always' }] } },
      },
    };
    expect(containsFields(stored, sent)).toBe(true);
    expect(containsFields({ spec: { replicas: 2 } }, { spec: { replicas: 3 } })).toBe(false);
    expect(containsFields({ spec: { ports: [1, 2] } }, { spec: { ports: [1] } })).toBe(false);
  });
});
