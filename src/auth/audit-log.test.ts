import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuditLog,
  AuditLogError,
  auditEvent,
  redactSecrets,
  redacted,
  type AuditEvent,
  type AuditLogOptions,
  type AuditRequest,
} from './audit-log.js';
import type { AuditLevel, AuditPolicy } from './audit-policy.js';

const everything = (level: AuditLevel): AuditPolicy => ({ rules: [{ level }] });

function request(overrides: Partial<AuditRequest> = {}): AuditRequest {
  return {
    user: 'alice',
    groups: ['system:authenticated'],
    verb: 'create',
    apiGroup: '',
    kind: 'ConfigMap',
    resource: 'configmaps',
    subresource: '',
    namespace: 'default',
    name: 'settings',
    code: 'ok',
    latencyMs: 3,
    requestObject: { kind: 'ConfigMap', data: { color: 'blue' } },
    responseObject: { kind: 'ConfigMap', metadata: { uid: 'u1' }, data: { color: 'blue' } },
    ...overrides,
  };
}

const context = { time: '2026-01-02T03:04:05.000Z', auditId: 'id-1' };

let directory = '';
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'orca-audit-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function lines(file: string): AuditEvent[] {
  const text = readFileSync(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as AuditEvent);
}

function counter(): () => string {
  let next = 0;
  return () => `event-${(next += 1)}`;
}

function log(overrides: Partial<AuditLogOptions> = {}): AuditLog {
  return new AuditLog({
    file: join(directory, 'audit.log'),
    policy: everything('Metadata'),
    clock: () => Date.parse(context.time),
    newAuditId: counter(),
    ...overrides,
  });
}

describe('auditEvent', () => {
  it('writes no bodies at Metadata', () => {
    const event = auditEvent(request(), { ...context, level: 'Metadata' });
    expect(event).toEqual({
      time: context.time,
      auditId: 'id-1',
      level: 'Metadata',
      user: 'alice',
      groups: ['system:authenticated'],
      verb: 'create',
      apiGroup: '',
      kind: 'ConfigMap',
      resource: 'configmaps',
      subresource: '',
      namespace: 'default',
      name: 'settings',
      code: 'ok',
      latencyMs: 3,
    });
    expect('requestObject' in event).toBe(false);
  });

  it('adds the request body at Request and the response body at RequestResponse', () => {
    const atRequest = auditEvent(request(), { ...context, level: 'Request' });
    expect(atRequest.requestObject).toEqual({ kind: 'ConfigMap', data: { color: 'blue' } });
    expect('responseObject' in atRequest).toBe(false);
    const atResponse = auditEvent(request(), { ...context, level: 'RequestResponse' });
    expect(atResponse.responseObject).toEqual({ kind: 'ConfigMap', metadata: { uid: 'u1' }, data: { color: 'blue' } });
  });

  it('redacts the data of a Secret at every level that writes bodies', () => {
    const secret = {
      kind: 'Secret',
      metadata: {
        name: 'db',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}',
          team: 'a',
        },
      },
      data: { password: 'aHVudGVyMg==' },
      stringData: { user: 'root' },
      type: 'Opaque',
    };
    const secretRequest = request({
      kind: 'Secret',
      resource: 'secrets',
      requestObject: secret,
      responseObject: secret,
    });
    const event = auditEvent(secretRequest, { ...context, level: 'RequestResponse' });
    const text = JSON.stringify(event);
    expect(text).not.toContain('aHVudGVyMg');
    expect(text).not.toContain('root');
    expect(event.requestObject).toEqual({
      kind: 'Secret',
      metadata: {
        name: 'db',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': redacted, team: 'a' },
      },
      data: { password: redacted },
      stringData: { user: redacted },
      type: 'Opaque',
    });
    expect(event.responseObject).toEqual(event.requestObject);
  });
});

describe('redactSecrets', () => {
  it('redacts patches, JSON patches, lists and wrapped Secrets, and leaves other kinds alone', () => {
    expect(redactSecrets({ data: { key: 'c2VjcmV0' } }, 'Secret')).toEqual({ data: { key: redacted } });
    expect(redactSecrets([{ op: 'replace', path: '/data/key', value: 'c2VjcmV0' }], 'Secret')).toEqual([
      { op: 'replace', path: '/data/key', value: redacted },
    ]);
    expect(redactSecrets({ kind: 'SecretList', items: [{ data: { a: 'x' } }] }, 'Secret')).toEqual({
      kind: 'SecretList',
      items: [{ data: { a: redacted } }],
    });
    // A Secret inside a mixed List, whatever the request was about.
    expect(
      redactSecrets(
        {
          kind: 'List',
          items: [
            { kind: 'Secret', data: { a: 'x' } },
            { kind: 'ConfigMap', data: { b: 'y' } },
          ],
        },
        'List',
      ),
    ).toEqual({
      kind: 'List',
      items: [
        { kind: 'Secret', data: { a: redacted } },
        { kind: 'ConfigMap', data: { b: 'y' } },
      ],
    });
    expect(redactSecrets({ secret: { data: { a: 'x' } } }, '')).toEqual({ secret: { data: { a: redacted } } });
    expect(redactSecrets({ kind: 'TokenRequest', status: { token: 'eyJ' } }, 'TokenRequest')).toEqual({
      kind: 'TokenRequest',
      status: { token: redacted },
    });
    expect(redactSecrets({ kind: 'ConfigMap', data: { a: 'x' } }, 'ConfigMap')).toEqual({
      kind: 'ConfigMap',
      data: { a: 'x' },
    });
    // A Pod's `data`-named field is not a Secret's.
    expect(redactSecrets({ kind: 'Pod', spec: { data: 1 } }, 'Secret')).toEqual({ kind: 'Pod', spec: { data: 1 } });
  });
});

describe('AuditLog', () => {
  it('appends one JSON line per event, by the policy, and none at level None', async () => {
    const policy: AuditPolicy = { rules: [{ level: 'None', verbs: ['watch'] }, { level: 'Request' }] };
    const audit = log({ policy });
    expect(audit.record(request({ verb: 'watch' }))).toBeUndefined();
    const event = audit.record(request({ code: 'permission-denied' }));
    expect(event?.level).toBe('Request');
    await audit.close();
    const written = lines(join(directory, 'audit.log'));
    expect(written).toEqual([event]);
    expect(written[0]).toMatchObject({
      time: context.time,
      auditId: 'event-1',
      code: 'permission-denied',
      requestObject: { kind: 'ConfigMap' },
    });
    expect(written[0]).not.toHaveProperty('responseObject');
    expect(audit.written).toBe(1);
    expect(audit.dropped).toBe(0);
  });

  it('never writes a Secret value to the file', async () => {
    const audit = log({ policy: everything('RequestResponse') });
    const secret = { kind: 'Secret', data: { token: 'dG9wLXNlY3JldA==' } };
    audit.record(request({ kind: 'Secret', resource: 'secrets', requestObject: secret, responseObject: secret }));
    await audit.close();
    const text = readFileSync(join(directory, 'audit.log'), 'utf8');
    expect(text).toContain('"token":"<redacted>"');
    expect(text).not.toContain('dG9wLXNlY3JldA');
  });

  it('rotates by size into a capped number of backups, each line whole and valid JSON', async () => {
    const maxBytes = 1200;
    const audit = log({ maxBytes, maxBackups: 3 });
    const count = 60;
    for (let index = 0; index < count; index += 1) {
      audit.record(request({ name: `object-${index}` }));
      if (index % 7 === 0) await audit.flush();
    }
    await audit.close();
    const file = join(directory, 'audit.log');
    expect(readdirSync(directory).sort()).toEqual(['audit.log', 'audit.log.1', 'audit.log.2', 'audit.log.3']);
    const files = [`${file}.3`, `${file}.2`, `${file}.1`, file];
    for (const each of files) expect(statSync(each).size).toBeLessThanOrEqual(maxBytes);
    // Oldest to newest, the files hold the most recent events in order, with no gap and no line split.
    const names = files.flatMap((each) => lines(each).map((event) => event.name));
    expect(names.length).toBeGreaterThan(4);
    expect(names.length).toBeLessThan(count);
    expect(names).toEqual(Array.from({ length: names.length }, (_, index) => `object-${count - names.length + index}`));
  });

  it('keeps no backup with maxBackups 0, and a line longer than maxBytes gets a file of its own', async () => {
    const audit = log({ maxBytes: 100, maxBackups: 0 });
    audit.record(request({ name: 'first' }));
    audit.record(request({ name: 'second' }));
    await audit.close();
    expect(readdirSync(directory)).toEqual(['audit.log']);
    expect(lines(join(directory, 'audit.log')).map((event) => event.name)).toEqual(['second']);
  });

  it('counts the existing file toward maxBytes when it appends to it', async () => {
    const file = join(directory, 'audit.log');
    writeFileSync(file, '{"old":true}\n'.repeat(70));
    const audit = log({ maxBytes: 1000 });
    audit.record(request());
    await audit.close();
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('{"old":true}\n'.repeat(70));
    expect(lines(file)).toHaveLength(1);
  });

  it('drops and counts events beyond the queue instead of waiting', async () => {
    const audit = log({ queueEventsMax: 3 });
    for (let index = 0; index < 10; index += 1) audit.record(request({ name: `object-${index}` }));
    expect(audit.dropped).toBe(7);
    await audit.flush();
    expect(audit.written).toBe(3);
    expect(lines(join(directory, 'audit.log')).map((event) => event.name)).toEqual([
      'object-0',
      'object-1',
      'object-2',
    ]);
    // Once drained, the queue takes events again.
    audit.record(request({ name: 'later' }));
    await audit.close();
    expect(audit.written).toBe(4);
  });

  it('survives a file it cannot write: the events are dropped and reported, the caller is not disturbed', async () => {
    const errors: Error[] = [];
    const audit = log({ file: join(directory, 'missing', 'audit.log'), onError: (error) => errors.push(error) });
    expect(() => audit.record(request())).not.toThrow();
    audit.record(request());
    await audit.close();
    expect(audit.dropped).toBe(2);
    expect(audit.written).toBe(0);
    expect(errors.length).toBeGreaterThan(0);
    expect(existsSync(join(directory, 'missing'))).toBe(false);
  });

  it('writes bodies too large for a line as metadata only', async () => {
    const audit = log({ policy: everything('Request'), lineBytesMax: 2048 });
    audit.record(request({ requestObject: { kind: 'ConfigMap', data: { big: 'x'.repeat(4096) } } }));
    await audit.close();
    const [event] = lines(join(directory, 'audit.log'));
    expect(event).toMatchObject({ name: 'settings', objectsOmitted: 'too-large' });
    expect(event).not.toHaveProperty('requestObject');
  });

  it('counts events recorded after close as dropped', async () => {
    const audit = log();
    await audit.close();
    audit.record(request());
    expect(audit.dropped).toBe(1);
    expect(existsSync(join(directory, 'audit.log'))).toBe(false);
  });

  it('refuses options out of range, naming them', () => {
    expect(() => log({ maxBytes: 0 })).toThrow(AuditLogError);
    expect(() => log({ maxBackups: -1 })).toThrow(/maxBackups: must be an integer from 0/);
    expect(() => log({ queueBytesMax: 4096, lineBytesMax: 8192 })).toThrow(/lineBytesMax/);
    expect(() => log({ file: '' })).toThrow(/file/);
  });
});
