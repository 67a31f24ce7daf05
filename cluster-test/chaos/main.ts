/**
 * `make chaos`: every scenario against a fresh 3-master cluster for DURATION
 * seconds each, one JSON summary line per scenario, then `N passed, M failed`.
 *
 *   node dist/cluster-test/chaos/main.js [--duration S] [--seed N] [--scenarios a,b] [--size 3] [--out DIR] [--hosting netns|loopback] [--tls on|off]
 *
 * The masters run with security (TLS, authentication, RBAC; joins by token) unless --tls off.
 */
import { randomInt } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosError } from './chaos-error.js';
import { canUseNamespaces } from './network.js';
import { runScenario, scenarios, type ScenarioSummary } from './scenario.js';
import { runWorkersScenario, workersScenarioName, type WorkersScenarioSummary } from './workers-scenario.js';

interface MainOptions {
  readonly durationS: number;
  readonly seed: number;
  readonly names: readonly string[];
  readonly size: number;
  readonly outputDir: string;
  /** Absent: network namespaces when root, loopback otherwise. */
  readonly hosting: 'netns' | 'loopback' | undefined;
  readonly secure: boolean;
}

function integerFlag(value: string | undefined, flag: string, low: number, high: number): number {
  const parsed = Number(value);
  if (value === undefined || !Number.isInteger(parsed) || parsed < low || parsed > high)
    throw new ChaosError('invalid-option', `${flag}: an integer from ${low} to ${high}, got ${String(value)}`);
  return parsed;
}

function parseArguments(argv: readonly string[]): MainOptions {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index] ?? '';
    if (!['--duration', '--seed', '--scenarios', '--size', '--out', '--hosting', '--tls'].includes(flag))
      throw new ChaosError('invalid-option', `unknown flag "${flag}"`);
    flags.set(flag, argv[index + 1] ?? '');
  }
  const known = [...scenarios.map((scenario) => scenario.name), workersScenarioName];
  const names = flags.has('--scenarios') ? (flags.get('--scenarios') ?? '').split(',') : known;
  for (const name of names)
    if (!known.includes(name))
      throw new ChaosError('invalid-option', `--scenarios: unknown scenario "${name}" (known: ${known.join(', ')})`);
  return {
    durationS: flags.has('--duration') ? integerFlag(flags.get('--duration'), '--duration', 1, 86_400) : 120,
    seed: flags.has('--seed') ? integerFlag(flags.get('--seed'), '--seed', 0, 2 ** 48) : randomInt(1, 2 ** 31),
    names,
    size: flags.has('--size') ? integerFlag(flags.get('--size'), '--size', 3, 5) : 3,
    outputDir: flags.get('--out') ?? join(tmpdir(), `orca-chaos-${Date.now()}`),
    hosting: parseHosting(flags.get('--hosting')),
    secure: parseTls(flags.get('--tls')),
  };
}

/** `--tls on|off` (default on: the clusters users run are secure). */
function parseTls(value: string | undefined): boolean {
  if (value === undefined || value === 'on') return true;
  if (value === 'off') return false;
  throw new ChaosError('invalid-option', `--tls: on or off, got "${value}"`);
}

function parseHosting(value: string | undefined): 'netns' | 'loopback' | undefined {
  if (value === undefined) return undefined;
  if (value === 'netns' && !canUseNamespaces())
    throw new ChaosError('unsupported', '--hosting netns: needs root, ip, iptables and nsenter');
  if (value === 'netns' || value === 'loopback') return value;
  throw new ChaosError('invalid-option', `--hosting: netns or loopback, got "${value}"`);
}

/** Prints the scenario's JSON summary line (and its problems on stderr when it failed). */
function report<T extends { scenario: string; seed: number; passed: boolean; history: string; problems: string[] }>(
  summary: T,
): T {
  const { problems, ...line } = summary;
  console.log(
    JSON.stringify(
      problems.length > 0 ? { ...line, problems: problems.slice(0, 3).map((problem) => problem.slice(0, 400)) } : line,
    ),
  );
  if (!summary.passed)
    console.error(
      `chaos: ${summary.scenario} failed (seed ${summary.seed}); history in ${summary.history}\n  ${problems.join('\n  ')}`,
    );
  return summary;
}

async function main(): Promise<number> {
  const options = parseArguments(process.argv.slice(2));
  const hosting = options.hosting ?? (canUseNamespaces() ? 'netns' : 'loopback');
  console.error(
    `chaos: seed ${options.seed}, ${options.durationS} s per scenario, ${options.size} masters on ${hosting}, records in ${options.outputDir}`,
  );
  const summaries: (ScenarioSummary | WorkersScenarioSummary)[] = [];
  for (const [index, name] of options.names.entries()) {
    if (name === workersScenarioName) {
      // masters and sim workers on loopback: no partitions, so it runs with either hosting
      summaries.push(
        report(
          await runWorkersScenario({
            seed: options.seed + index,
            durationMs: options.durationS * 1000,
            outputDir: options.outputDir,
          }),
        ),
      );
      continue;
    }
    const scenario = scenarios.find((candidate) => candidate.name === name);
    if (scenario === undefined) continue;
    if (scenario.network && hosting !== 'netns') {
      console.log(JSON.stringify({ scenario: name, skipped: 'partitions need network namespaces (run as root)' }));
      continue;
    }
    // each scenario its own seed, derived from the run's, so one can be replayed alone
    const seed = options.seed + index;
    summaries.push(
      report(
        await runScenario(scenario, {
          seed,
          durationMs: options.durationS * 1000,
          size: options.size,
          hosting,
          secure: options.secure,
          outputDir: options.outputDir,
        }),
      ),
    );
  }
  const passed = summaries.filter((summary) => summary.passed).length;
  console.log(`${passed} passed, ${summaries.length - passed} failed`);
  return passed === summaries.length ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ChaosError ? `chaos: ${error.message}` : error);
    process.exit(2);
  },
);
