import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createLogger, logOptionsFromEnvironment, setRootLogger } from './index.js';

describe('logging', () => {
  it('is JSON unless stdout is a terminal, and the environment can override either way', () => {
    expect(logOptionsFromEnvironment({}, false)).toEqual({ level: 'info', pretty: false });
    expect(logOptionsFromEnvironment({}, true)).toEqual({ level: 'info', pretty: true });
    expect(logOptionsFromEnvironment({ ORCA_LOG_FORMAT: 'json' }, true).pretty).toBe(false);
    expect(logOptionsFromEnvironment({ ORCA_LOG_FORMAT: 'pretty' }, false).pretty).toBe(true);
  });

  it('takes a valid level from the environment and ignores an invalid one', () => {
    expect(logOptionsFromEnvironment({ ORCA_LOG_LEVEL: 'debug' }, false).level).toBe('debug');
    expect(logOptionsFromEnvironment({ ORCA_LOG_LEVEL: 'loud' }, false).level).toBe('info');
  });

  it('tags every line with its component', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    setRootLogger(pino({ level: 'info' }, sink));
    createLogger('scheduler', { node: 'm1' }).info({ pods: 3 }, 'bound');
    const record = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(record).toMatchObject({ component: 'scheduler', node: 'm1', pods: 3, msg: 'bound' });
  });
});
