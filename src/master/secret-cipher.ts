/**
 * Secret encryption at rest: the master seals a Secret's data (AES-256-GCM) before
 * the write is proposed, so neither the Raft log (raft.db) nor the state database
 * (objects and change log) ever holds a Secret's plaintext; reads open it again.
 *
 * Each value becomes `orca-aes256gcm:v1:<base64(nonce | ciphertext | tag)>` with a
 * fresh 12-byte random nonce. The additional authenticated data names the Secret's
 * namespace, name and data key, so a sealed value copied into another Secret, or
 * under another key, fails to open instead of leaking into the wrong place.
 *
 * Order of use on a write: validate and default the object (namespace set, name
 * generated) → `sealObject` → propose. On a read or watch event: `openObject`.
 * Sealing grows each value by about 50 bytes (prefix, nonce, tag, base64).
 */
import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MasterTypedError } from './master-error.js';

/** Bytes of an AES-256 key. */
export const secretKeyBytes = 32;
/** The key file inside a master's data directory. */
export const secretKeyFileName = 'secret.key';
/** Marks a sealed value; the version lets a later format coexist with this one. */
export const sealedValuePrefix = 'orca-aes256gcm:v1:';

const nonceBytes = 12;
const tagBytes = 16;
const algorithm = 'aes-256-gcm';
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export type SecretCipherErrorCode =
  /** The key file or key bytes are not a 32-byte key. */
  | 'key-malformed'
  /** Reading or writing the key file failed. */
  | 'key-io'
  /** writeKey found a different key already in the data directory. */
  | 'key-conflict'
  /** The Secret cannot be sealed as given (missing name, a value that is not base64, …). */
  | 'invalid-object'
  /** A sealed value is not in the envelope format. */
  | 'malformed-envelope'
  /** Authentication failed: a wrong key, a tampered value, or a value moved from another Secret or key. */
  | 'decrypt-failed';

export class SecretCipherError extends MasterTypedError<SecretCipherErrorCode> {
  override readonly name = 'SecretCipherError';
  constructor(code: SecretCipherErrorCode, message: string) {
    super(code, message);
  }
}

export function isSecretCipherError(error: unknown, code?: SecretCipherErrorCode): error is SecretCipherError {
  return error instanceof SecretCipherError && (code === undefined || error.code === code);
}

/** A Kubernetes-shaped JSON object: `{apiVersion, kind, metadata, data?, stringData?, type?}`. */
export type JsonObjectLike = { readonly [key: string]: unknown };

/** Where one value belongs: bound into the ciphertext as additional authenticated data. */
interface ValueSite {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

export class SecretCipher {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  /** A cipher over the given 32 key bytes (copied). */
  static fromKey(key: Uint8Array): SecretCipher {
    if (key.length !== secretKeyBytes) {
      throw new SecretCipherError('key-malformed', `a secret key must be ${secretKeyBytes} bytes, got ${key.length}`);
    }
    return new SecretCipher(Buffer.from(key));
  }

  /** Read `dataDir/secret.key`, or create it (random, mode 0600, fsynced) when missing. */
  static loadOrCreate(dataDir: string): SecretCipher {
    const existing = readKeyFile(dataDir);
    if (existing !== undefined) return SecretCipher.fromKey(existing);
    createKeyFile(dataDir, randomBytes(secretKeyBytes));
    // Re-read: a concurrent creator may have won the race, and its key is the one on disk.
    const created = readKeyFile(dataDir);
    if (created === undefined)
      throw new SecretCipherError('key-io', `${keyPath(dataDir)} vanished after it was created`);
    return SecretCipher.fromKey(created);
  }

  /**
   * Store a key received from the cluster (a joining master). Idempotent for the
   * same key; a different key already on disk is a `key-conflict`, never overwritten.
   */
  static writeKey(dataDir: string, key: Uint8Array): void {
    const cipher = SecretCipher.fromKey(key);
    const existing = readKeyFile(dataDir);
    if (existing === undefined) {
      createKeyFile(dataDir, cipher.#key);
      const written = readKeyFile(dataDir);
      if (written !== undefined && sameBytes(written, cipher.#key)) return;
    } else if (sameBytes(existing, cipher.#key)) {
      return;
    }
    throw new SecretCipherError(
      'key-conflict',
      `${keyPath(dataDir)} holds a different secret key than the cluster's; this data directory belongs to another cluster`,
    );
  }

  /** A copy of the key bytes (to hand to a joining master). */
  get key(): Uint8Array {
    return Uint8Array.from(this.#key);
  }

  /**
   * For a Secret: merge `stringData` into `data` (stringData wins, as in Kubernetes),
   * then seal every value. Values already sealed for this Secret and key are kept.
   * Other kinds are returned unchanged. Never mutates its argument.
   */
  sealObject<T extends JsonObjectLike>(object: T): T {
    if (object['kind'] !== 'Secret') return object;
    const { namespace, name } = secretName(object);
    const data = mergedData(object);
    const sealed: Record<string, string> = {};
    for (const [key, value] of Object.entries(data)) {
      sealed[key] = this.sealValue(value, { namespace, name, key });
    }
    const { stringData: _dropped, ...rest } = object;
    return { ...rest, data: sealed } as unknown as T;
  }

  /** Reverse sealObject: every sealed value back to its base64 plaintext. Other kinds unchanged. */
  openObject<T extends JsonObjectLike>(object: T): T {
    if (object['kind'] !== 'Secret') return object;
    const data = object['data'];
    if (data === undefined || data === null) return object;
    const { namespace, name } = secretName(object);
    const opened: Record<string, string> = {};
    for (const [key, value] of Object.entries(stringMap(data, 'data'))) {
      // A value stored without sealing reads back as stored: there is nothing to open.
      opened[key] = value.startsWith(sealedValuePrefix) ? this.openValue(value, { namespace, name, key }) : value;
    }
    return { ...object, data: opened };
  }

  private sealValue(value: string, site: ValueSite): string {
    if (value.startsWith(sealedValuePrefix)) {
      // Idempotent, but only for a value that really is ours and belongs here.
      this.openValue(value, site);
      return value;
    }
    if (!base64Pattern.test(value)) {
      throw new SecretCipherError('invalid-object', `data.${site.key}: must be base64 encoded`);
    }
    const nonce = randomBytes(nonceBytes);
    const cipher = createCipheriv(algorithm, this.#key, nonce, { authTagLength: tagBytes });
    cipher.setAAD(additionalData(site));
    const body = Buffer.concat([cipher.update(Buffer.from(value, 'base64')), cipher.final()]);
    return sealedValuePrefix + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
  }

  private openValue(value: string, site: ValueSite): string {
    const envelope = value.slice(sealedValuePrefix.length);
    if (!base64Pattern.test(envelope)) {
      throw new SecretCipherError(
        'malformed-envelope',
        `data.${site.key} of Secret ${describeSite(site)}: sealed value is not base64`,
      );
    }
    const bytes = Buffer.from(envelope, 'base64');
    if (bytes.length < nonceBytes + tagBytes) {
      throw new SecretCipherError(
        'malformed-envelope',
        `data.${site.key} of Secret ${describeSite(site)}: sealed value is too short`,
      );
    }
    const decipher = createDecipheriv(algorithm, this.#key, bytes.subarray(0, nonceBytes), { authTagLength: tagBytes });
    decipher.setAAD(additionalData(site));
    decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
    try {
      const plain = Buffer.concat([
        decipher.update(bytes.subarray(nonceBytes, bytes.length - tagBytes)),
        decipher.final(),
      ]);
      return plain.toString('base64');
    } catch (error: unknown) {
      // GCM only says "unable to authenticate": the key is wrong or the bytes or their place changed.
      throw new SecretCipherError(
        'decrypt-failed',
        `data.${site.key} of Secret ${describeSite(site)}: cannot be opened (wrong key, tampered value, or value from another Secret): ${errorText(error)}`,
      );
    }
  }
}

/** Binds a value to its place; NUL cannot occur in a namespace, name or data key, so the encoding is unambiguous. */
function additionalData(site: ValueSite): Buffer {
  return Buffer.from(`orca-secret\0v1\0${site.namespace}\0${site.name}\0${site.key}`, 'utf8');
}

function describeSite(site: ValueSite): string {
  return site.namespace === '' ? site.name : `${site.namespace}/${site.name}`;
}

function secretName(object: JsonObjectLike): { namespace: string; name: string } {
  const metadata = object['metadata'];
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new SecretCipherError('invalid-object', 'metadata: required to seal a Secret');
  }
  const { name, namespace } = metadata as JsonObjectLike;
  if (typeof name !== 'string' || name === '') {
    throw new SecretCipherError(
      'invalid-object',
      'metadata.name: required to seal a Secret (generate names before sealing)',
    );
  }
  if (namespace !== undefined && namespace !== null && typeof namespace !== 'string') {
    throw new SecretCipherError('invalid-object', 'metadata.namespace: must be a string');
  }
  return { name, namespace: namespace ?? '' };
}

/** data with stringData merged in as base64 (stringData wins on a shared key, as the API server does). */
function mergedData(object: JsonObjectLike): Record<string, string> {
  const data = { ...stringMap(object['data'] ?? {}, 'data') };
  for (const [key, text] of Object.entries(stringMap(object['stringData'] ?? {}, 'stringData'))) {
    data[key] = Buffer.from(text, 'utf8').toString('base64');
  }
  return data;
}

function stringMap(value: unknown, path: string): Readonly<Record<string, string>> {
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new SecretCipherError('invalid-object', `${path}: must be a map of strings`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new SecretCipherError('invalid-object', `${path}.${key}: must be a string`);
  }
  return value as Readonly<Record<string, string>>;
}

function keyPath(dataDir: string): string {
  return join(dataDir, secretKeyFileName);
}

/** The key bytes, or undefined when the file does not exist. */
function readKeyFile(dataDir: string): Buffer | undefined {
  const path = keyPath(dataDir);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error: unknown) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw new SecretCipherError('key-io', `cannot read ${path}: ${errorText(error)}`);
  }
  if (bytes.length !== secretKeyBytes) {
    throw new SecretCipherError(
      'key-malformed',
      `${path} must hold exactly ${secretKeyBytes} bytes, found ${bytes.length}: restore it from a backup or from another master of this cluster`,
    );
  }
  return bytes;
}

/**
 * Write the key to a private temporary file, fsync it, then hard-link it into place:
 * link fails if the key file appeared meanwhile, so an existing key is never replaced,
 * and a crash leaves either no key file or a complete one. Then fsync the directory.
 */
function createKeyFile(dataDir: string, key: Buffer): void {
  const path = keyPath(dataDir);
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeSynced(temporary, key);
    try {
      linkSync(temporary, path);
    } catch (error: unknown) {
      if (errnoCode(error) !== 'EEXIST') throw error;
    }
    fsyncDirectory(dataDir);
  } catch (error: unknown) {
    throw new SecretCipherError('key-io', `cannot create ${path}: ${errorText(error)}`);
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Already gone or never created: nothing to clean up.
    }
  }
}

function writeSynced(path: string, bytes: Buffer): void {
  const descriptor = openSync(path, 'wx', 0o600);
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(descriptor, bytes, written, bytes.length - written);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

function fsyncDirectory(directory: string): void {
  const descriptor = openSync(directory, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

function sameBytes(left: Buffer, right: Buffer): boolean {
  return left.length === right.length && timingSafeEqual(left, right);
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
