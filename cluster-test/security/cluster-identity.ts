/**
 * What a test harness needs to drive a secure cluster of real processes: the
 * admin identity the bootstrapping master wrote into its client config, and
 * join tokens made as that admin (what `orca token create` does).
 */
import { existsSync, readFileSync } from 'node:fs';
import { formatJoinToken, generateTokenPair } from '../../src/api/index.js';
import { newTokenRecord, tokenSecret } from '../../src/cli/token-verbs.js';
import {
  caHashOf,
  clientTlsMaterial,
  parseClientConfig,
  TlsIdentity,
  type OrcaClient,
} from '../../src/client/index.js';

/** The admin identity in a client config file, once the file is there. */
export function adminIdentityFrom(configPath: string): TlsIdentity | undefined {
  if (!existsSync(configPath)) return undefined;
  const material = clientTlsMaterial(parseClientConfig(readFileSync(configPath, 'utf8'), configPath));
  return material === undefined ? undefined : new TlsIdentity(material);
}

/** A join token of `role`, its Secret written through `client` (an admin's). */
export async function createJoinToken(
  client: OrcaClient,
  admin: TlsIdentity,
  role: 'worker' | 'master',
  ttl = '1h',
): Promise<string> {
  const record = newTokenRecord(generateTokenPair(), { role, ttl }, Date.now());
  await client.create(tokenSecret(record));
  return formatJoinToken(caHashOf(admin.current.caPem), record.id, record.secret);
}
