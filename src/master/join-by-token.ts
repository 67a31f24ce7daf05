/**
 * A new master's first contact with the cluster it joins (`--join ADDR
 * --token K10…`): the client's join by token (src/client/join.ts: the CA
 * pinned by the token, then the token and a CSR over TLS that trusts only that
 * CA), with the answer kept in the data directory — its certificate, the CA,
 * the cluster token, the Secret key. Only then does the master start serving;
 * the usual AddMaster follows, authenticated by the new certificate.
 * A wrong token is final (the cluster said no); an unreachable target is
 * retried until joinTimeoutMs.
 */
import { isClientError, joinCluster } from '../client/index.js';
import { MasterSecurity } from './cluster-security.js';
import { MasterError } from './master-error.js';
import { SecretCipher } from './secret-cipher.js';

export interface JoinByTokenOptions {
  readonly dataDir: string;
  readonly target: string;
  readonly token: string;
  readonly name: string;
  readonly addresses: readonly string[];
  readonly joinTimeoutMs: number;
}

export async function joinByToken(options: JoinByTokenOptions): Promise<void> {
  let joined;
  try {
    joined = await joinCluster({
      servers: [options.target],
      token: options.token,
      name: options.name,
      role: 'master',
      addresses: options.addresses,
      timeoutMs: options.joinTimeoutMs,
    });
  } catch (error: unknown) {
    if (isClientError(error)) throw new MasterError('join-failed', error.message);
    throw error;
  }
  MasterSecurity.saveJoined(options.dataDir, {
    caPem: joined.caPem,
    certificatePem: joined.certificatePem,
    keyPem: joined.keyPem,
    clusterToken: joined.clusterToken,
  });
  SecretCipher.writeKey(options.dataDir, joined.secretKey);
}
