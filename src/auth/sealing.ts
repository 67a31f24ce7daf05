/**
 * Sealing with the cluster token: the cluster CA's key is kept in the
 * replicated state only as AES-256-GCM ciphertext under a key derived (HKDF-
 * SHA256) from the cluster token, a random secret each master keeps in its
 * data directory and a joining master receives over the CA-verified channel.
 * So neither raft.db nor state.db ever holds the CA key in plaintext, and a
 * copy of them without a master's data directory opens nothing (as k3s seals
 * its bootstrap data with the server token).
 *
 * Format: `orca-seal:v1:<base64(salt16 | nonce12 | ciphertext | tag16)>`; the
 * purpose string is bound in as additional data, so a blob sealed for one use
 * does not open as another.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AuthTypedError } from './auth-error.js';

export type SealErrorCode = 'malformed' | 'open-failed';

export class SealError extends AuthTypedError<SealErrorCode> {
  override readonly name = 'SealError';
}

const prefix = 'orca-seal:v1:';
const saltBytes = 16;
const nonceBytes = 12;
const tagBytes = 16;
const sealedBytesMax = 1024 * 1024;

function keyFor(clusterToken: string, salt: Buffer): Buffer {
  if (clusterToken.length < 32) throw new SealError('malformed', 'the cluster token is shorter than 32 characters');
  return Buffer.from(hkdfSync('sha256', clusterToken, salt, 'orca cluster seal v1', 32));
}

export function seal(clusterToken: string, purpose: string, plaintext: string): string {
  const salt = randomBytes(saltBytes);
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', keyFor(clusterToken, salt), nonce);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return prefix + Buffer.concat([salt, nonce, body, cipher.getAuthTag()]).toString('base64');
}

export function unseal(clusterToken: string, purpose: string, sealed: string): string {
  if (!sealed.startsWith(prefix) || sealed.length > sealedBytesMax)
    throw new SealError('malformed', `a sealed value starts with ${prefix}`);
  const raw = Buffer.from(sealed.slice(prefix.length), 'base64');
  if (raw.length < saltBytes + nonceBytes + tagBytes) throw new SealError('malformed', 'the sealed value is truncated');
  const salt = raw.subarray(0, saltBytes);
  const nonce = raw.subarray(saltBytes, saltBytes + nonceBytes);
  const tag = raw.subarray(raw.length - tagBytes);
  const body = raw.subarray(saltBytes + nonceBytes, raw.length - tagBytes);
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(clusterToken, salt), nonce);
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new SealError('open-failed', `the sealed ${purpose} does not open with this cluster token`);
  }
}

/** A new cluster token: 32 random bytes, hex. */
export function generateClusterToken(): string {
  return randomBytes(32).toString('hex');
}
