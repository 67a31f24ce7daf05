/**
 * What a test harness needs to drive a secure cluster of real processes: the
 * admin identity the bootstrapping master wrote into its client config, and
 * join tokens made as that admin (what `orca token create` does).
 */
import { existsSync, readFileSync } from 'node:fs';
import {
  formatJoinToken,
  generateTokenPair,
  joinTokenNamespace,
  joinTokenSecretData,
  joinTokenSecretName,
  joinTokenSecretType,
  type OrcaObject,
} from '../../src/api/index.js';
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
  ttlMs?: number,
): Promise<string> {
  const pair = generateTokenPair();
  const record = {
    ...pair,
    role,
    ...(ttlMs === undefined ? {} : { expiration: new Date(Date.now() + ttlMs).toISOString() }),
  };
  const data = Object.fromEntries(
    Object.entries(joinTokenSecretData(record)).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
  );
  await client.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: joinTokenSecretName(pair.id), namespace: joinTokenNamespace },
    type: joinTokenSecretType,
    data,
  } as unknown as OrcaObject);
  return formatJoinToken(caHashOf(admin.current.caPem), pair.id, pair.secret);
}
