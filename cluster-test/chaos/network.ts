/**
 * Network namespaces on a private bridge, one per master, and partitions made of
 * iptables DROP rules inside them (tc netem is not available here). Every name
 * carries a per-run tag so that parallel runs and other tests never collide, and
 * everything made is removed by `destroy`.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ChaosError } from './chaos-error.js';

const commandTimeoutMs = 10_000;

export function run(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      timeout: commandTimeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error: unknown) {
    const stderr = (error as { stderr?: unknown }).stderr;
    throw new ChaosError(
      'command-failed',
      `${command} ${args.join(' ')}: ${typeof stderr === 'string' && stderr !== '' ? stderr.trim() : String(error)}`,
    );
  }
}

/** Root, and the tools present: namespaces can be used. */
export function canUseNamespaces(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    run('ip', ['netns', 'list']);
    run('iptables', ['--version']);
    run('nsenter', ['--version']);
    return true;
  } catch {
    return false;
  }
}

function usedSubnets(): Set<number> {
  const used = new Set<number>();
  for (const match of run('ip', ['-4', '-o', 'addr']).matchAll(/inet 10\.213\.(\d+)\./g)) used.add(Number(match[1]));
  return used;
}

export interface Host {
  readonly namespace: string;
  readonly ip: string;
  /** The host side of its veth pair. */
  readonly veth: string;
}

export class HostNetwork {
  readonly tag = randomBytes(2).toString('hex');
  readonly bridge = `ocb${this.tag}`;
  readonly subnet: number;
  private readonly hosts = new Map<string, Host>();
  private nextHostNumber = 11;

  constructor() {
    const used = usedSubnets();
    const free = Array.from({ length: 250 }, (_, index) => index + 2).filter((candidate) => !used.has(candidate));
    const subnet = free[randomBytes(1)[0]! % Math.max(free.length, 1)];
    if (subnet === undefined) throw new ChaosError('unsupported', 'no free 10.213.x.0/24 subnet for the chaos bridge');
    this.subnet = subnet;
    run('ip', ['link', 'add', this.bridge, 'type', 'bridge']);
    run('ip', ['addr', 'add', `${this.gatewayIp}/24`, 'dev', this.bridge]);
    run('ip', ['link', 'set', this.bridge, 'up']);
  }

  /** The host's own address on the bridge: clients connect from here. */
  get gatewayIp(): string {
    return `10.213.${this.subnet}.1`;
  }

  host(name: string): Host {
    const host = this.hosts.get(name);
    if (host === undefined) throw new ChaosError('invalid-option', `no host ${name}`);
    return host;
  }

  /** A namespace with one veth on the bridge and its own address. */
  addHost(name: string): Host {
    const number = this.nextHostNumber;
    this.nextHostNumber += 1;
    const host: Host = {
      namespace: `oc${this.tag}-${name}`,
      ip: `10.213.${this.subnet}.${number}`,
      veth: `oc${this.tag}h${number}`,
    };
    run('ip', ['netns', 'add', host.namespace]);
    run('ip', ['link', 'add', host.veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.namespace]);
    run('ip', ['link', 'set', host.veth, 'master', this.bridge]);
    run('ip', ['link', 'set', host.veth, 'up']);
    run('ip', ['-n', host.namespace, 'addr', 'add', `${host.ip}/24`, 'dev', 'eth0']);
    run('ip', ['-n', host.namespace, 'link', 'set', 'eth0', 'up']);
    run('ip', ['-n', host.namespace, 'link', 'set', 'lo', 'up']);
    this.hosts.set(name, host);
    return host;
  }

  /** `to` drops everything it receives from `from`. */
  drop(from: string, to: string): void {
    run('ip', [
      'netns',
      'exec',
      this.host(to).namespace,
      'iptables',
      '-A',
      'INPUT',
      '-s',
      this.host(from).ip,
      '-j',
      'DROP',
    ]);
  }

  healAll(): void {
    for (const host of this.hosts.values()) run('ip', ['netns', 'exec', host.namespace, 'iptables', '-F', 'INPUT']);
  }

  removeHost(name: string): void {
    const host = this.hosts.get(name);
    if (host === undefined) return;
    this.hosts.delete(name);
    tryRun('ip', ['link', 'del', host.veth]);
    tryRun('ip', ['netns', 'del', host.namespace]);
  }

  destroy(): void {
    for (const name of [...this.hosts.keys()]) this.removeHost(name);
    tryRun('ip', ['link', 'del', this.bridge]);
  }
}

function tryRun(command: string, args: readonly string[]): void {
  try {
    run(command, args);
  } catch {
    // cleanup goes on with the rest
  }
}
