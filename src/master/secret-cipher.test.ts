import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretCipher, isSecretCipherError, sealedValuePrefix, secretKeyFileName } from './secret-cipher.js';

const password = 'hunter2-correct-horse-battery-staple';
const passwordBase64 = Buffer.from(password).toString('base64');

function secret(data: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { namespace: 'default', name: 'db' },
    type: 'Opaque',
    data,
    ...extra,
  };
}

function sealedData(object: Record<string, unknown>): Record<string, string> {
  return object['data'] as Record<string, string>;
}

function randomCipher(): SecretCipher {
  return SecretCipher.fromKey(randomBytes(32));
}

function expectCipherError(action: () => unknown, code: string): void {
  let caught: unknown;
  try {
    action();
  } catch (error: unknown) {
    caught = error;
  }
  expect(isSecretCipherError(caught), String(caught)).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
}

const directories: string[] = [];
function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'orca-secret-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('SecretCipher objects', () => {
  it('round-trips data and merges stringData into data as base64, stringData winning', () => {
    const cipher = randomCipher();
    const original = secret(
      { password: passwordBase64, user: Buffer.from('old').toString('base64') },
      { stringData: { user: 'admin' } },
    );
    const sealed = cipher.sealObject(original);
    expect(sealed).not.toHaveProperty('stringData');
    expect(Object.values(sealedData(sealed)).every((value) => value.startsWith(sealedValuePrefix))).toBe(true);
    const opened = cipher.openObject(sealed);
    expect(opened).toEqual({ ...secret({ password: passwordBase64, user: Buffer.from('admin').toString('base64') }) });
    expect(original['stringData']).toEqual({ user: 'admin' }); // the argument is not mutated
  });

  it('leaves no trace of the plaintext or its base64 in the sealed JSON', () => {
    const sealed = JSON.stringify(
      randomCipher().sealObject(secret({ password: passwordBase64 }, { stringData: { token: password } })),
    );
    expect(sealed).not.toContain(password);
    expect(sealed).not.toContain(passwordBase64);
    expect(sealed).not.toContain(Buffer.from(password).toString('hex'));
  });

  it('uses a fresh nonce every time: the same value seals differently', () => {
    const cipher = randomCipher();
    const seen = new Set<string>();
    for (let round = 0; round < 200; round += 1)
      seen.add(sealedData(cipher.sealObject(secret({ password: passwordBase64 })))['password'] ?? '');
    expect(seen.size).toBe(200);
  });

  it('passes other kinds through unchanged', () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { namespace: 'default', name: 'c' },
      data: { password },
    };
    const cipher = randomCipher();
    expect(cipher.sealObject(configMap)).toBe(configMap);
    expect(cipher.openObject(configMap)).toBe(configMap);
  });

  it('is idempotent on values already sealed for the same Secret and key', () => {
    const cipher = randomCipher();
    const once = cipher.sealObject(secret({ password: passwordBase64 }));
    const twice = cipher.sealObject(once);
    expect(twice).toEqual(once);
    expect(cipher.openObject(twice)).toEqual(secret({ password: passwordBase64 }));
  });

  it('binds each value to its namespace, name and key', () => {
    const cipher = randomCipher();
    const value = sealedData(cipher.sealObject(secret({ password: passwordBase64 })))['password'] ?? '';
    const moved = [
      secret({ other: value }),
      { ...secret({ password: value }), metadata: { namespace: 'default', name: 'elsewhere' } },
      { ...secret({ password: value }), metadata: { namespace: 'prod', name: 'db' } },
    ];
    for (const object of moved) {
      expectCipherError(() => cipher.openObject(object), 'decrypt-failed');
      // Nor can a client plant someone else's sealed value through a write.
      expectCipherError(() => cipher.sealObject(object), 'decrypt-failed');
    }
  });

  it('detects a tampered value and a wrong key instead of returning garbage', () => {
    const cipher = randomCipher();
    const sealed = cipher.sealObject(secret({ password: passwordBase64 }));
    const value = sealedData(sealed)['password'] ?? '';
    const bytes = Buffer.from(value.slice(sealedValuePrefix.length), 'base64');
    for (const position of [0, 12, bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[position] = (flipped[position] ?? 0) ^ 0x01;
      const tampered = secret({ password: sealedValuePrefix + flipped.toString('base64') });
      expectCipherError(() => cipher.openObject(tampered), 'decrypt-failed');
    }
    expectCipherError(() => SecretCipher.fromKey(Buffer.alloc(32, 7)).openObject(sealed), 'decrypt-failed');
    expectCipherError(() => cipher.openObject(secret({ password: sealedValuePrefix + 'AAAA' })), 'malformed-envelope');
    expectCipherError(
      () => cipher.openObject(secret({ password: sealedValuePrefix + 'not base64!' })),
      'malformed-envelope',
    );
  });

  it('refuses what it cannot seal with the field path', () => {
    const cipher = randomCipher();
    expect(() => cipher.sealObject(secret({ password: 'not base64!' }))).toThrow(
      'data.password: must be base64 encoded',
    );
    expect(() => cipher.sealObject({ kind: 'Secret', metadata: { namespace: 'default' }, data: {} })).toThrow(
      'metadata.name: required',
    );
    expect(() => cipher.sealObject(secret({}, { stringData: { n: 5 } }))).toThrow('stringData.n: must be a string');
  });

  it('refuses keys that are not 32 bytes', () => {
    expectCipherError(() => SecretCipher.fromKey(new Uint8Array(16)), 'key-malformed');
  });
});

describe('SecretCipher key file', () => {
  it('creates a 32-byte key readable by its owner only, and loads the same key again', () => {
    const dataDir = temporaryDirectory();
    const first = SecretCipher.loadOrCreate(dataDir);
    const path = join(dataDir, secretKeyFileName);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path)).toHaveLength(32);
    expect(readdirSync(dataDir)).toEqual([secretKeyFileName]); // no temporary file left behind
    const second = SecretCipher.loadOrCreate(dataDir);
    expect(Buffer.from(second.key).equals(Buffer.from(first.key))).toBe(true);
    const sealed = first.sealObject(secret({ password: passwordBase64 }));
    expect(second.openObject(sealed)).toEqual(secret({ password: passwordBase64 }));
  });

  it('fails clearly on a malformed key file and never replaces it', () => {
    const dataDir = temporaryDirectory();
    writeFileSync(join(dataDir, secretKeyFileName), 'too short');
    expectCipherError(() => SecretCipher.loadOrCreate(dataDir), 'key-malformed');
    expect(readFileSync(join(dataDir, secretKeyFileName), 'utf8')).toBe('too short');
  });

  it('stores the key a joining master received, and refuses a different one', () => {
    const leader = SecretCipher.loadOrCreate(temporaryDirectory());
    const joinerDir = temporaryDirectory();
    SecretCipher.writeKey(joinerDir, leader.key);
    SecretCipher.writeKey(joinerDir, leader.key); // idempotent
    expect(statSync(join(joinerDir, secretKeyFileName)).mode & 0o777).toBe(0o600);
    const joiner = SecretCipher.loadOrCreate(joinerDir);
    expect(joiner.openObject(leader.sealObject(secret({ password: passwordBase64 })))).toEqual(
      secret({ password: passwordBase64 }),
    );
    expectCipherError(() => SecretCipher.writeKey(joinerDir, Buffer.alloc(32, 1)), 'key-conflict');
  });
});
