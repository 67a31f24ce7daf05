/**
 * A new master's first contact with the cluster it joins (`--join ADDR
 * --token K10…`): check the CA the target presents against the token's pin,
 * then — over TLS that trusts only that CA — present the token and a CSR, and
 * keep what comes back (its certificate, the CA, the cluster token, the
 * Secret key) in the data directory. Only then does the master start serving;
 * the usual AddMaster follows, authenticated by the new certificate.
 * A wrong token is final (the cluster said no); an unreachable target is
 * retried until joinTimeoutMs.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import { parseJoinToken } from '../api/index.js';
import { createKeyAndCsr } from '../auth/index.js';
import { fetchPinnedCa, TlsIdentity } from '../client/index.js';
import type { JoinRequest } from '../gen/orca/v1/JoinRequest.js';
import type { JoinResponse__Output } from '../gen/orca/v1/JoinResponse.js';
import { MasterSecurity } from './cluster-security.js';
import { MasterError } from './master-error.js';
import { callUnary } from './peer-clients.js';
import { SecretCipher } from './secret-cipher.js';
import { servicesWire } from './wire.js';

export interface JoinByTokenOptions {
  readonly dataDir: string;
  readonly target: string;
  readonly token: string;
  readonly name: string;
  readonly addresses: readonly string[];
  readonly joinTimeoutMs: number;
}

const retryDelayMs = 300;

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}

export async function joinByToken(options: JoinByTokenOptions): Promise<void> {
  let parsed;
  try {
    parsed = parseJoinToken(options.token);
  } catch (error: unknown) {
    throw new MasterError('join-failed', error instanceof Error ? error.message : String(error));
  }
  const deadline = Date.now() + options.joinTimeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const caPem = await fetchPinnedCa(options.target, parsed.caHash);
      const { keyPem, csrPem } = await createKeyAndCsr(options.name);
      const identity = new TlsIdentity({ caPem });
      const client = new (servicesWire().ClusterService)(options.target, identity.channelCredentials());
      try {
        const response = await callUnary<JoinRequest, JoinResponse__Output>(
          client.Join.bind(client),
          { token: options.token, csrPem, name: options.name, role: 'master', addresses: [...options.addresses] },
          Math.max(1, deadline - Date.now()),
        );
        MasterSecurity.saveJoined(options.dataDir, {
          caPem: response.caPem,
          certificatePem: response.certificatePem,
          keyPem,
          clusterToken: response.clusterToken,
        });
        SecretCipher.writeKey(options.dataDir, response.secretKey);
        return;
      } finally {
        client.close();
      }
    } catch (error: unknown) {
      const message = isServiceError(error) ? error.details : error instanceof Error ? error.message : String(error);
      const final =
        (isServiceError(error) && error.code !== status.UNAVAILABLE && error.code !== status.DEADLINE_EXCEEDED) ||
        (error instanceof Error && 'code' in error && (error as { code: unknown }).code === 'unauthenticated');
      if (final)
        throw new MasterError('join-failed', `joining the cluster at ${options.target} was refused: ${message}`);
      last = message;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
    }
  }
  throw new MasterError(
    'join-failed',
    `joining the cluster at ${options.target} did not complete within ${options.joinTimeoutMs} ms: ${last}`,
  );
}
