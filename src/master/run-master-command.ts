/**
 * `orca master --name --data-dir --listen [--http] [--bootstrap | --join ADDR] [--restore FILE]`:
 * runs one master in the foreground, logs JSON lines through pino, and stops
 * cleanly on SIGINT or SIGTERM. With --bootstrap it writes the client config
 * (kubeconfig-shaped, with an admin identity, at $ORCA_CONFIG, default
 * ~/.orca/config). Security is on unless --insecure: TLS, authentication,
 * RBAC, audit; a joining master needs --token.
 */
import { homedir } from 'node:os';
import { adminClientConfig, clientConfigPath, writeClientConfig } from '../client/index.js';
import { createLogger } from '../log/index.js';
import { validateMasterOptions, type MasterOptionsInput } from './config.js';
import type { HttpExtensionFactory } from './http-extension.js';
import { startMaster, type Master } from './master.js';
import { MasterError } from './master-error.js';

/** The flags as commander hands them over (camelCase). */
export interface MasterFlags {
  readonly name?: unknown;
  readonly dataDir?: unknown;
  readonly listen?: unknown;
  readonly http?: unknown;
  readonly bootstrap?: unknown;
  readonly join?: unknown;
  readonly restore?: unknown;
  readonly nodeGraceSeconds?: unknown;
  readonly evictionSeconds?: unknown;
  readonly serviceCidr?: unknown;
  readonly serviceNodePortRange?: unknown;
  readonly clusterCidr?: unknown;
  readonly token?: unknown;
  readonly advertise?: unknown;
  readonly tokenAuthFile?: unknown;
  readonly auditLog?: unknown;
  readonly auditPolicy?: unknown;
  readonly certificateValidity?: unknown;
  readonly insecure?: unknown;
}

const durationUnits: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90d`, `12h`, `30m`, `45s` as milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+)([smhd])$/.exec(value.trim());
  if (match === null)
    throw new MasterError('invalid-config', `--${flag}: "${value}" is not a duration like 90d, 12h, 30m or 45s`);
  return Number(match[1]) * (durationUnits[match[2] ?? 's'] ?? 1000);
}

function securityFromFlags(flags: MasterFlags): MasterOptionsInput['security'] {
  if (flags.insecure === true) {
    for (const flag of ['token', 'tokenAuthFile', 'auditLog', 'auditPolicy', 'certificateValidity'] as const)
      if (flags[flag] !== undefined)
        throw new MasterError('invalid-config', `--insecure: cannot be combined with security flags`);
    return undefined;
  }
  const token = optionalString(flags.token, 'token');
  const advertise = optionalString(flags.advertise, 'advertise');
  const tokenAuthFile = optionalString(flags.tokenAuthFile, 'token-auth-file');
  const auditLogFile = optionalString(flags.auditLog, 'audit-log');
  const auditPolicyFile = optionalString(flags.auditPolicy, 'audit-policy');
  const validity = optionalString(flags.certificateValidity, 'certificate-validity');
  return {
    ...(token === undefined ? {} : { joinToken: token }),
    ...(advertise === undefined
      ? {}
      : {
          advertise: advertise
            .split(',')
            .map((a) => a.trim())
            .filter((a) => a !== ''),
        }),
    ...(tokenAuthFile === undefined ? {} : { tokenAuthFile }),
    ...(auditLogFile === undefined ? {} : { auditLogFile }),
    ...(auditPolicyFile === undefined ? {} : { auditPolicyFile }),
    ...(validity === undefined ? {} : { certificateValidMs: parseDuration(validity, 'certificate-validity') }),
  };
}

function optionalSeconds(value: unknown, flag: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && value.trim() === '')
    throw new MasterError('invalid-config', `--${flag}: must be a number of seconds`);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new MasterError('invalid-config', `--${flag}: must be a positive number of seconds, got "${String(value)}"`);
  return seconds;
}

function optionalString(value: unknown, flag: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new MasterError('invalid-config', `--${flag}: must be a non-empty string`);
  return value;
}

function requiredString(value: unknown, flag: string): string {
  const text = optionalString(value, flag);
  if (text === undefined) throw new MasterError('invalid-config', `--${flag}: required`);
  return text;
}

export function masterOptionsFromFlags(flags: MasterFlags): MasterOptionsInput {
  const http = optionalString(flags.http, 'http');
  const join = optionalString(flags.join, 'join');
  const restore = optionalString(flags.restore, 'restore');
  const nodeGraceSeconds = optionalSeconds(flags.nodeGraceSeconds, 'node-grace-seconds');
  const evictionSeconds = optionalSeconds(flags.evictionSeconds, 'eviction-seconds');
  const serviceCidr = optionalString(flags.serviceCidr, 'service-cidr');
  const nodePortRange = optionalString(flags.serviceNodePortRange, 'service-node-port-range');
  const clusterCidr = optionalString(flags.clusterCidr, 'cluster-cidr');
  const security = securityFromFlags(flags);
  return validateMasterOptions({
    ...(security === undefined ? {} : { security }),
    ...(serviceCidr === undefined ? {} : { serviceCidr }),
    ...(nodePortRange === undefined ? {} : { nodePortRange }),
    ...(clusterCidr === undefined ? {} : { clusterCidr }),
    name: requiredString(flags.name, 'name'),
    dataDir: requiredString(flags['dataDir'], 'data-dir'),
    listen: requiredString(flags.listen, 'listen'),
    bootstrap: flags.bootstrap === true,
    ...(http === undefined ? {} : { http }),
    ...(join === undefined ? {} : { join }),
    ...(restore === undefined ? {} : { restore }),
    leaderLoops: {
      ...(nodeGraceSeconds === undefined ? {} : { nodeGraceSeconds }),
      ...(evictionSeconds === undefined ? {} : { evictionSeconds }),
    },
  });
}

export { clientConfigPath, writeClientConfig };

/**
 * The client config a bootstrapping master writes: an admin identity (CN
 * admin, O system:masters, as kubeadm's admin.conf) with the cluster CA, or a
 * plaintext context for an insecure master.
 */
export async function writeBootstrapConfig(path: string, master: Master): Promise<void> {
  if (master.security === undefined) {
    writeClientConfig(path, [master.address]);
    return;
  }
  const admin = await master.security.issueClientIdentity('admin', ['system:masters']);
  writeClientConfig(path, adminClientConfig({ servers: [master.address], ...admin }));
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Runs until SIGINT/SIGTERM, then closes the master; rejects (one clear message) when it cannot start. */
export async function runMasterCommand(
  flags: MasterFlags,
  httpExtensions: readonly HttpExtensionFactory[] = [],
): Promise<void> {
  const options = masterOptionsFromFlags(flags);
  const logger = createLogger('master', { name: options.name });
  const stopped = untilSignal();
  const master: Master = await startMaster({ ...options, logger, httpExtensions });
  if (options.bootstrap) {
    const path = clientConfigPath(process.env, homedir());
    await writeBootstrapConfig(path, master);
    logger.info({ path, servers: [master.address] }, 'wrote the client config');
  }
  const signal = await stopped;
  logger.info({ signal }, 'stopping');
  await master.close();
}
