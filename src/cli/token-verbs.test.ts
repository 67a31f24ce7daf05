import { describe, expect, it } from 'vitest';
import { joinTokenSecretType } from '../api/index.js';
import { ClientError } from '../client/index.js';
import { accessQuestion, formatWhoami } from './auth-verbs.js';
import { CliError, describeFailure } from './errors.js';
import { newTokenRecord, parseTtl, recordOfSecret, tokenIdOf, tokenSecret, tokensTable } from './token-verbs.js';
import { toCliError } from './verb-context.js';

const pair = { id: 'abc123', secret: '0123456789abcdef' };
const now = Date.parse('2030-01-01T00:00:00Z');

describe('orca token', () => {
  it('reads --ttl as Go-style durations; 0 never expires; nonsense is a usage error', () => {
    expect(parseTtl('24h')).toBe(86_400_000);
    expect(parseTtl('1h30m')).toBe(5_400_000);
    expect(parseTtl('7d')).toBe(7 * 86_400_000);
    expect(parseTtl('90s')).toBe(90_000);
    expect(parseTtl('0')).toBeUndefined();
    for (const bad of ['', '24', 'h', '-1h', '1.5h', '0h', '400d']) expect(() => parseTtl(bad), bad).toThrow(CliError);
  });

  it('stores the role, the expiry (RFC 3339) and the description in a bootstrap-token Secret that reads back', () => {
    const record = newTokenRecord(pair, { role: 'master', ttl: '24h', description: 'm2' }, now);
    expect(record).toEqual({ ...pair, role: 'master', expiration: '2030-01-02T00:00:00Z', description: 'm2' });
    const secret = tokenSecret(record);
    expect(secret.metadata).toEqual({ name: 'bootstrap-token-abc123', namespace: 'kube-system' });
    expect(secret.type).toBe(joinTokenSecretType);
    expect(Buffer.from(secret.data?.['token-secret'] ?? '', 'base64').toString()).toBe(pair.secret);
    expect(recordOfSecret(secret)).toEqual(record);
    expect(recordOfSecret({ ...secret, type: 'Opaque' })).toBeUndefined();
    expect(newTokenRecord(pair, { role: 'worker', ttl: '0' }, now)).toEqual({ ...pair, role: 'worker' });
    expect(() => newTokenRecord(pair, { role: 'admin', ttl: '24h' }, now)).toThrow(
      '--role admin: must be worker or master',
    );
    expect(() => newTokenRecord(pair, { role: 'worker', ttl: '1h', description: 'a\nb' }, now)).toThrow(
      '--description',
    );
  });

  it('lists tokens with their time left and never their secret', () => {
    const table = tokensTable(
      [
        newTokenRecord({ id: 'zzz999', secret: 'ffffffffffffffff' }, { role: 'worker', ttl: '0' }, now),
        newTokenRecord(pair, { role: 'master', ttl: '5h', description: 'for m2' }, now),
        { id: 'old000', secret: 'eeeeeeeeeeeeeeee', role: 'worker', expiration: '2029-12-31T00:00:00Z' },
      ],
      now,
    );
    expect(table).toBe(
      [
        'TOKEN-ID   ROLE     TTL         EXPIRES                DESCRIPTION',
        'abc123     master   5h          2030-01-01T05:00:00Z   for m2',
        'old000     worker   <expired>   2029-12-31T00:00:00Z',
        'zzz999     worker   <forever>   <never>',
        '',
      ].join('\n'),
    );
    expect(table).not.toContain(pair.secret);
    expect(table).not.toContain('ffffffffffffffff');
  });

  it('revokes by id, by id.secret or by the whole token', () => {
    expect(tokenIdOf('abc123')).toBe('abc123');
    expect(tokenIdOf('abc123.0123456789abcdef')).toBe('abc123');
    expect(tokenIdOf(`K10${'a'.repeat(64)}::abc123.0123456789abcdef`)).toBe('abc123');
    expect(() => tokenIdOf('ABC')).toThrow(/give the token id/);
  });
});

describe('orca auth', () => {
  const namespace = () => 'prod';

  it('asks about the plural resource, in the namespace for namespaced ones only', () => {
    expect(accessQuestion(['get', 'po'], { allNamespaces: false, namespace })).toEqual({
      verb: 'get',
      resource: 'pods',
      namespace: 'prod',
    });
    expect(accessQuestion(['get', 'pods/log', 'web'], { allNamespaces: false, namespace })).toEqual({
      verb: 'get',
      resource: 'pods/log',
      name: 'web',
      namespace: 'prod',
    });
    expect(accessQuestion(['list', 'nodes'], { allNamespaces: false, namespace })).toMatchObject({ namespace: '' });
    expect(accessQuestion(['list', 'secrets'], { allNamespaces: true, namespace })).toMatchObject({ namespace: '' });
    expect(() => accessQuestion(['fly', 'pods'], { allNamespaces: false, namespace })).toThrow(
      'can-i: VERB must be one of',
    );
    expect(() => accessQuestion(['get', 'widgets'], { allNamespaces: false, namespace })).toThrow(
      `can-i: the server doesn't have a resource type "widgets"`,
    );
  });

  it('prints who the cluster sees', () => {
    expect(formatWhoami({ user: 'dev', groups: ['devs', 'system:authenticated'] })).toBe(
      'ATTRIBUTE   VALUE\nUsername    dev\nGroups      [devs system:authenticated]\n',
    );
  });
});

describe('refusals from the cluster', () => {
  it('print as one line saying what kind of refusal it is, exit code 1', () => {
    const forbidden = describeFailure(
      toCliError(new ClientError('forbidden', 'user "dev" cannot get secrets in namespace "prod"')),
    );
    expect(forbidden).toEqual({
      line: 'error: forbidden: user "dev" cannot get secrets in namespace "prod"',
      exitCode: 1,
    });
    const unauthenticated = describeFailure(
      toCliError(new ClientError('unauthenticated', 'the bearer token is not known')),
    );
    expect(unauthenticated.line).toMatch(
      /^error: unauthenticated: the bearer token is not known \(the cluster does not accept/,
    );
    expect(unauthenticated.line).not.toContain('\n');
    expect(unauthenticated.exitCode).toBe(1);
    expect(describeFailure(toCliError(new ClientError('unavailable', 'no master'))).exitCode).toBe(3);
  });
});
