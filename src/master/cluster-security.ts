/**
 * A master's security material and the CA's signing, kept in `DATA/tls/`:
 *
 *   ca.crt          the cluster CA (public)
 *   master.crt/key  this master's certificate (CN = name, O = orca:masters;
 *                   server and client use, the master's addresses as SANs)
 *   cluster-token   the secret that seals the CA key (mode 0600)
 *   ca.key.sealed   the CA key, sealed with the cluster token
 *   sa.key.sealed   the ServiceAccount token signing key (P-256), sealed too
 *
 * The bootstrapping master makes all of them. The CA key also lives in the
 * replicated state, sealed the same way, as the Secret
 * `kube-system/orca-cluster-ca` (kept by the leader's cluster defaults), so a
 * master that joined — which receives the cluster token, never the key, over
 * its CA-verified join — can sign certificates too: it opens that Secret the
 * first time it must sign and keeps a sealed copy. The CA key is never
 * written in plaintext anywhere.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import {
  backdateMs,
  certificateFacts,
  createCertificateAuthority,
  createKeyAndCsr,
  generateClusterToken,
  generateSigningKey,
  issueCertificate,
  leafValidMs,
  seal,
  unseal,
  type KeyAndCertificate,
} from '../auth/index.js';
import { caHashOf, renewalTime, TlsIdentity } from '../client/index.js';
import { mastersGroup } from './authentication.js';
import { MasterError } from './master-error.js';

export const caSecretName = 'orca-cluster-ca';
export const caSecretNamespace = 'kube-system';
export const caKeyPurpose = 'cluster CA key';

const files = {
  ca: 'ca.crt',
  certificate: 'master.crt',
  key: 'master.key',
  clusterToken: 'cluster-token',
  sealedCaKey: 'ca.key.sealed',
  sealedServiceAccountKey: 'sa.key.sealed',
} as const;

export const serviceAccountKeyPurpose = 'service account signing key';

/** Where others reach a master, split into certificate names: IPs and DNS names, with loopback for local clients. */
export function certificateNames(addresses: readonly string[]): { ipAddresses: string[]; dnsNames: string[] } {
  const hosts = new Set<string>(['127.0.0.1', 'localhost']);
  for (const address of addresses) {
    const colon = address.lastIndexOf(':');
    const host = (colon > 0 && isIP(address) === 0 ? address.slice(0, colon) : address).replace(/^\[|\]$/g, '');
    if (host !== '' && host !== '0.0.0.0' && host !== '::') hosts.add(host);
  }
  const all = [...hosts];
  return { ipAddresses: all.filter((h) => isIP(h) !== 0), dnsNames: all.filter((h) => isIP(h) === 0) };
}

function writePrivate(path: string, text: string): void {
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

export interface MasterSecurityOptions {
  readonly dataDir: string;
  readonly name: string;
  /** host:port addresses the certificate must name. */
  readonly addresses: readonly string[];
  /** Life of leaf certificates this master issues (and of its own). */
  readonly certificateValidMs?: number;
}

/** What a master joining by token received. */
export interface JoinedMaterial {
  readonly caPem: string;
  readonly certificatePem: string;
  readonly keyPem: string;
  readonly clusterToken: string;
}

export class MasterSecurity {
  readonly identity: TlsIdentity;
  readonly caHash: string;
  private caKeyPem: string | undefined;
  private serviceAccountKeyPem: string | undefined;

  private constructor(
    private readonly directory: string,
    readonly caPem: string,
    readonly clusterToken: string,
    identity: { certificatePem: string; keyPem: string },
    readonly certificateValidMs: number,
  ) {
    this.identity = new TlsIdentity({ caPem, ...identity });
    this.caHash = caHashOf(caPem);
    const sealedPath = join(directory, files.sealedCaKey);
    if (existsSync(sealedPath))
      this.caKeyPem = unseal(clusterToken, caKeyPurpose, readFileSync(sealedPath, 'utf8').trim());
    const saPath = join(directory, files.sealedServiceAccountKey);
    if (existsSync(saPath))
      this.serviceAccountKeyPem = unseal(clusterToken, serviceAccountKeyPurpose, readFileSync(saPath, 'utf8').trim());
  }

  static directoryOf(dataDir: string): string {
    return join(dataDir, 'tls');
  }

  static exists(dataDir: string): boolean {
    return existsSync(join(MasterSecurity.directoryOf(dataDir), files.certificate));
  }

  /** This master's material, made on first start of a bootstrapping master, read on every later start. */
  static async bootstrap(options: MasterSecurityOptions): Promise<MasterSecurity> {
    const directory = MasterSecurity.directoryOf(options.dataDir);
    if (!MasterSecurity.exists(options.dataDir)) {
      mkdirSync(directory, { recursive: true, mode: 0o700 });
      const ca = await createCertificateAuthority();
      const clusterToken = generateClusterToken();
      const { keyPem, csrPem } = await createKeyAndCsr(options.name);
      const certificatePem = await issueCertificate(ca, {
        csrPem,
        ...masterSubject(options.name, options.addresses),
        validMs: options.certificateValidMs ?? leafValidMs,
      });
      writeFileSync(join(directory, files.ca), ca.certificatePem);
      writePrivate(join(directory, files.clusterToken), clusterToken);
      writePrivate(join(directory, files.sealedCaKey), seal(clusterToken, caKeyPurpose, ca.keyPem));
      const signing = await generateSigningKey();
      writePrivate(
        join(directory, files.sealedServiceAccountKey),
        seal(clusterToken, serviceAccountKeyPurpose, signing.privateKeyPem),
      );
      writePrivate(join(directory, files.key), keyPem);
      writeFileSync(join(directory, files.certificate), certificatePem);
    }
    return MasterSecurity.load(options);
  }

  /** Keep what a join by token returned; the CA key comes later, from the replicated state. */
  static saveJoined(dataDir: string, material: JoinedMaterial): void {
    const directory = MasterSecurity.directoryOf(dataDir);
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    writeFileSync(join(directory, files.ca), material.caPem);
    writePrivate(join(directory, files.clusterToken), material.clusterToken);
    writePrivate(join(directory, files.key), material.keyPem);
    writeFileSync(join(directory, files.certificate), material.certificatePem);
  }

  static load(options: MasterSecurityOptions): MasterSecurity {
    const directory = MasterSecurity.directoryOf(options.dataDir);
    const read = (file: string): string => {
      try {
        return readFileSync(join(directory, file), 'utf8');
      } catch {
        throw new MasterError(
          'invalid-config',
          `data-dir: ${join('tls', file)} is missing: this master cannot serve TLS`,
        );
      }
    };
    return new MasterSecurity(
      directory,
      read(files.ca),
      read(files.clusterToken).trim(),
      { certificatePem: read(files.certificate), keyPem: read(files.key) },
      options.certificateValidMs ?? leafValidMs,
    );
  }

  /**
   * The replicated Secret's data (base64 values, as Secrets keep them): the CA
   * certificate and both keys sealed; undefined on a master that has not
   * learned the keys yet.
   */
  caSecretData(): Record<string, string> | undefined {
    if (this.caKeyPem === undefined || this.serviceAccountKeyPem === undefined) return undefined;
    const b64 = (text: string): string => Buffer.from(text).toString('base64');
    return {
      'ca.crt': b64(this.caPem),
      'ca.key.sealed': b64(seal(this.clusterToken, caKeyPurpose, this.caKeyPem)),
      'sa.key.sealed': b64(seal(this.clusterToken, serviceAccountKeyPurpose, this.serviceAccountKeyPem)),
    };
  }

  /** Learn the keys from the replicated Secret's data (a joined master), keeping sealed copies. */
  learnKeys(data: Readonly<Record<string, string>>): void {
    const text = (key: string): string => Buffer.from(data[key] ?? '', 'base64').toString('utf8');
    if (this.caKeyPem === undefined && data['ca.key.sealed'] !== undefined) {
      this.caKeyPem = unseal(this.clusterToken, caKeyPurpose, text('ca.key.sealed'));
      writePrivate(join(this.directory, files.sealedCaKey), text('ca.key.sealed'));
    }
    if (this.serviceAccountKeyPem === undefined && data['sa.key.sealed'] !== undefined) {
      this.serviceAccountKeyPem = unseal(this.clusterToken, serviceAccountKeyPurpose, text('sa.key.sealed'));
      writePrivate(join(this.directory, files.sealedServiceAccountKey), text('sa.key.sealed'));
    }
  }

  hasKeys(): boolean {
    return this.caKeyPem !== undefined && this.serviceAccountKeyPem !== undefined;
  }

  /** The ServiceAccount token signing key (PKCS#8 PEM), once known. */
  serviceAccountKey(): string | undefined {
    return this.serviceAccountKeyPem;
  }

  /** The CA with its key, to sign with. */
  signer(): KeyAndCertificate {
    if (this.caKeyPem === undefined)
      throw new MasterError(
        'unavailable',
        'this master does not hold the CA key yet (the cluster CA Secret is not replicated here)',
      );
    return { certificatePem: this.caPem, keyPem: this.caKeyPem };
  }

  /** A fresh certificate for this master, swapped in without a restart; persisted for the next start. */
  async renewOwn(name: string, addresses: readonly string[]): Promise<void> {
    const { keyPem, csrPem } = await createKeyAndCsr(name);
    const certificatePem = await issueCertificate(this.signer(), {
      csrPem,
      ...masterSubject(name, addresses),
      validMs: this.certificateValidMs,
    });
    writePrivate(join(this.directory, files.key), keyPem);
    writeFileSync(join(this.directory, files.certificate), certificatePem);
    this.identity.update({ caPem: this.caPem, certificatePem, keyPem });
  }

  /**
   * A client identity signed by the CA: the admin of `orca up` and bootstrap
   * (`admin` in `system:masters`), or any user (CN = name, O = groups).
   */
  async issueClientIdentity(
    user: string,
    groups: readonly string[],
    validMs = this.certificateValidMs,
  ): Promise<{ caPem: string; certificatePem: string; keyPem: string }> {
    const { keyPem, csrPem } = await createKeyAndCsr(user);
    const certificatePem = await issueCertificate(this.signer(), {
      csrPem,
      commonName: user,
      organizations: [...groups],
      usages: ['client'],
      validMs,
    });
    return { caPem: this.caPem, certificatePem, keyPem };
  }

  /** When this master's certificate should be renewed: at 2/3 of its life (k3s renews well before expiry). */
  renewAt(): Date {
    const certificatePem = this.identity.current.certificatePem ?? '';
    // Issued at its notBefore plus the backdating for clock skew: the client's rule from there.
    return renewalTime(certificatePem, certificateFacts(certificatePem).notBefore.getTime() + backdateMs);
  }
}

/** The names a master's certificate carries. */
export function masterSubject(
  name: string,
  addresses: readonly string[],
): {
  commonName: string;
  organizations: string[];
  ipAddresses: string[];
  dnsNames: string[];
  usages: ('server' | 'client')[];
} {
  return {
    commonName: name,
    organizations: [mastersGroup],
    ...certificateNames(addresses),
    usages: ['server', 'client'],
  };
}
