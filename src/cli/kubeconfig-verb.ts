/**
 * `orca kubeconfig [--api-server URL] [--output FILE]`: a kubeconfig for kubectl
 * (and helm, k9s, client-go tools) with this context's identity — its client
 * certificate or token, and the cluster CA. The server is the Kubernetes REST
 * API of the master that answers (every master serves it on its HTTP port), or
 * `--server`. Written to `~/.orca/kubeconfig` by default, never over someone's
 * `~/.kube/config`: `export KUBECONFIG=…` (printed) puts kubectl on it.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeKubeconfig } from '../client/index.js';
import { CliError } from './errors.js';
import type { Action, VerbName } from './program.js';
import { connectionOf, splitArguments, withClient, type VerbContext } from './verb-context.js';

export function defaultKubeconfigPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const orcaConfig = env['ORCA_CONFIG'];
  if (orcaConfig !== undefined && orcaConfig !== '') return join(orcaConfig, '..', 'kubeconfig');
  return join(home, '.orca', 'kubeconfig');
}

/** `host:port` or a URL as the kubeconfig's server URL (https when the cluster has a CA). */
export function serverUrl(address: string, secure: boolean): string {
  if (/^https?:\/\//.test(address)) return address.replace(/\/+$/, '');
  return `${secure ? 'https' : 'http'}://${address}`;
}

function kubeconfigAction(context: VerbContext): Action {
  return async (...args: unknown[]) => {
    const { options, connection: flags } = splitArguments(args);
    const connection = connectionOf(context, flags);
    const material = connection.tls?.current;
    const secure = material !== undefined;
    let server =
      typeof options['apiServer'] === 'string' && options['apiServer'] !== '' ? options['apiServer'] : undefined;
    if (server === undefined) {
      const members = await withClient(context, flags, (client) => client.members());
      if (members.httpAddress === '')
        throw new CliError(
          'usage',
          `the master at ${members.answeredBy} serves no HTTP port (start it with --http HOST:PORT), or pass --api-server`,
        );
      server = members.httpAddress;
    }
    const output =
      typeof options['output'] === 'string' && options['output'] !== ''
        ? options['output']
        : defaultKubeconfigPath(process.env, homedir());
    writeKubeconfig(output, {
      server: serverUrl(server, secure),
      name: 'orca',
      ...(material === undefined ? {} : { caPem: material.caPem }),
      ...(material?.certificatePem === undefined || material.keyPem === undefined
        ? {}
        : { certificatePem: material.certificatePem, keyPem: material.keyPem }),
      ...(material?.token === undefined ? {} : { token: material.token }),
      ...(connection.namespace === undefined ? {} : { namespace: connection.namespace }),
    });
    context.write(`wrote ${output} (server ${serverUrl(server, secure)}); use it with: export KUBECONFIG=${output}\n`);
  };
}

export function kubeconfigActions(context: VerbContext): Partial<Record<VerbName, Action>> {
  return { kubeconfig: kubeconfigAction(context) };
}
