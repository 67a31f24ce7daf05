/**
 * `orca master --name --data-dir --listen [--http] [--bootstrap | --join ADDR] [--restore FILE]`:
 * runs one master in the foreground, logs JSON lines through pino, and stops
 * cleanly on SIGINT or SIGTERM. With --bootstrap it writes the client config
 * (`{"servers": ["host:port"]}` at $ORCA_CONFIG, default ~/.orca/config).
 */
import { homedir } from 'node:os';
import { clientConfigPath, writeClientConfig } from '../client/index.js';
import { createLogger } from '../log/index.js';
import { validateMasterOptions, type MasterOptionsInput } from './config.js';
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
  return validateMasterOptions({
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
export async function runMasterCommand(flags: MasterFlags): Promise<void> {
  const options = masterOptionsFromFlags(flags);
  const logger = createLogger('master', { name: options.name });
  const stopped = untilSignal();
  const master: Master = await startMaster({ ...options, logger });
  if (options.bootstrap) {
    const path = clientConfigPath(process.env, homedir());
    writeClientConfig(path, [master.address]);
    logger.info({ path, servers: [master.address] }, 'wrote the client config');
  }
  const signal = await stopped;
  logger.info({ signal }, 'stopping');
  await master.close();
}
