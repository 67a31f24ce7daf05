/**
 * The narrow logger the proxy writes to. src/network may not import src/log,
 * but a pino Logger (what the worker has) fits this shape as is.
 */
export interface ProxyLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

const ignore = (): void => undefined;

export const silentProxyLogger: ProxyLogger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});
