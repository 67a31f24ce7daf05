/**
 * A kubeconfig for kubectl (and every tool built on client-go): one cluster
 * (the `server` URL of a master's Kubernetes REST API, the cluster CA), one
 * user (a client certificate and key, or a bearer token), one context. Written
 * from the identity of an Orca client config, embedded, never by path, readable
 * by its owner only — as kubeadm's admin.conf.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';
import { base64Of } from './client-config-file.js';
import { ClientError } from './errors.js';

export interface KubeconfigOptions {
  /** `https://host:port` of a master's REST API (http:// for an insecure cluster). */
  readonly server: string;
  /** The cluster's name in the file (and the context's and the user's prefix). */
  readonly name: string;
  readonly caPem?: string;
  readonly certificatePem?: string;
  readonly keyPem?: string;
  readonly token?: string;
  readonly namespace?: string;
  /** The user's name in the file (default `${name}-admin`). */
  readonly user?: string;
}

export function kubeconfigText(options: KubeconfigOptions): string {
  if (!/^https?:\/\/[^/\s]+$/.test(options.server))
    throw new ClientError('invalid', `server: "${options.server}" must be http(s)://host:port`);
  const user = options.user ?? `${options.name}-admin`;
  const userEntry: Record<string, string> = {};
  if (options.certificatePem !== undefined && options.keyPem !== undefined) {
    userEntry['client-certificate-data'] = base64Of(options.certificatePem);
    userEntry['client-key-data'] = base64Of(options.keyPem);
  }
  if (options.token !== undefined) userEntry['token'] = options.token;
  const document = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: options.name,
        cluster: {
          server: options.server,
          ...(options.caPem === undefined ? {} : { 'certificate-authority-data': base64Of(options.caPem) }),
        },
      },
    ],
    users: [{ name: user, user: userEntry }],
    contexts: [
      {
        name: options.name,
        context: {
          cluster: options.name,
          user,
          ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
        },
      },
    ],
    'current-context': options.name,
    preferences: {},
  };
  return stringify(document, { lineWidth: 0 });
}

/** Write atomically, mode 0600 (it holds a private key or a token). */
export function writeKubeconfig(path: string, options: KubeconfigOptions): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, kubeconfigText(options), { mode: 0o600 });
  renameSync(temporary, path);
}
