/**
 * Logging for every Orca component except raft-ts (which takes a narrow logger
 * interface of its own so that it stays self-contained).
 *
 * JSON lines through pino by default; human-readable (pino-pretty) when stdout is
 * a terminal. Each component gets a child logger carrying a `component` field.
 * ORCA_LOG_LEVEL sets the level (default `info`); ORCA_LOG_FORMAT=json|pretty
 * overrides the terminal detection.
 */
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

const levels: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface LogOptions {
  level: LevelWithSilent;
  pretty: boolean;
}

/** The options the environment asks for; invalid values fall back with no surprise. */
export function logOptionsFromEnvironment(environment: NodeJS.ProcessEnv, isTerminal: boolean): LogOptions {
  const requested = environment['ORCA_LOG_LEVEL'] ?? 'info';
  const level = (levels as readonly string[]).includes(requested) ? (requested as LevelWithSilent) : 'info';
  const format = environment['ORCA_LOG_FORMAT'];
  const pretty = format === 'pretty' ? true : format === 'json' ? false : isTerminal;
  return { level, pretty };
}

let root: Logger | undefined;

function rootLogger(): Logger {
  if (root !== undefined) return root;
  const options = logOptionsFromEnvironment(process.env, process.stdout.isTTY === true);
  root = options.pretty
    ? pino({ level: options.level, transport: { target: 'pino-pretty', options: { colorize: true, destination: 1 } } })
    : pino({ level: options.level, base: { pid: process.pid } });
  return root;
}

/** One logger per component: `createLogger('raft', { node: 'm1' })`. */
export function createLogger(component: string, bindings: Record<string, string | number> = {}): Logger {
  return rootLogger().child({ component, ...bindings });
}

/** Replace the root logger (tests, or a process that wants its own destination). */
export function setRootLogger(logger: Logger): void {
  root = logger;
}
