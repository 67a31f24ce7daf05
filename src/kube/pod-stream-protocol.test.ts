import { describe, expect, it } from 'vitest';
import {
  channelFrame,
  channelV4,
  channelV5,
  chooseProtocol,
  exitStatus,
  offeredProtocols,
  parseClientMessage,
  parseExecQuery,
  parsePorts,
  parseResize,
} from './pod-stream-protocol.js';
import { KubeError } from './status.js';

describe('the exec and attach query', () => {
  it('reads repeated commands and Kubernetes booleans (present and not false/0 means true)', () => {
    const query = new URLSearchParams(
      'command=sh&command=-c&command=echo+a%20b&container=app&stdin=true&stdout=1&stderr=false&tty=0',
    );
    expect(parseExecQuery(query, 'exec')).toEqual({
      command: ['sh', '-c', 'echo a b'],
      container: 'app',
      stdin: true,
      stdout: true,
      stderr: false,
      tty: false,
    });
  });

  it('refuses an exec without a command and a request without any stream, as kube-apiserver does', () => {
    expect(() => parseExecQuery(new URLSearchParams('stdout=true'), 'exec')).toThrow(/at least one command/);
    expect(() => parseExecQuery(new URLSearchParams('command=ls'), 'exec')).toThrow(/at least 1 of stdin/);
    // An attach has no command, and ignores one.
    expect(parseExecQuery(new URLSearchParams('command=ls&stdout=true'), 'attach').command).toEqual([]);
  });

  it('reads port-forward ports, repeated or comma separated, and refuses bad ones', () => {
    expect(parsePorts(new URLSearchParams('ports=80&ports=8080,9090'))).toEqual([80, 8080, 9090]);
    expect(() => parsePorts(new URLSearchParams(''))).toThrow(KubeError);
    expect(() => parsePorts(new URLSearchParams('ports=0'))).toThrow(/not a valid port/);
    expect(() => parsePorts(new URLSearchParams('ports=70000'))).toThrow(/not a valid port/);
    expect(() => parsePorts(new URLSearchParams('ports=http'))).toThrow(/not a valid port/);
  });
});

describe('subprotocol negotiation', () => {
  it("takes the server's preference among what the client offers", () => {
    const offered = offeredProtocols(['v4.channel.k8s.io, v5.channel.k8s.io']);
    expect(offered).toEqual([channelV4, channelV5]);
    expect(chooseProtocol(offered, [channelV5, channelV4])).toBe(channelV5);
    expect(chooseProtocol([channelV4], [channelV5, channelV4])).toBe(channelV4);
    expect(chooseProtocol(['channel.k8s.io'], [channelV5, channelV4])).toBeUndefined();
    // A client that names none matches only a server that accepts none.
    expect(chooseProtocol([], [channelV4, ''])).toBe('');
    expect(chooseProtocol([], [channelV4])).toBeUndefined();
  });
});

describe('channel framing', () => {
  it('puts the channel in the first byte', () => {
    expect(channelFrame(1, Buffer.from('hi'))).toEqual(Buffer.from([1, 0x68, 0x69]));
    expect(channelFrame(3)).toEqual(Buffer.from([3]));
  });

  it('reads stdin, resizes and (v5 only) the close signal from a client', () => {
    expect(parseClientMessage(Buffer.from([0, 0x61]), channelV5)).toEqual({ kind: 'stdin', data: Buffer.from('a') });
    expect(parseClientMessage(Buffer.from([255, 0]), channelV5)).toEqual({ kind: 'close', channel: 0 });
    // Under v4, 255 is no signal.
    expect(parseClientMessage(Buffer.from([255, 0]), channelV4).kind).toBe('ignored');
    expect(parseClientMessage(Buffer.from([255, 0, 1]), channelV5).kind).toBe('ignored');
    const resize = Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":120,"Height":40}')]);
    expect(parseClientMessage(resize, channelV5)).toEqual({ kind: 'resize', width: 120, height: 40 });
    expect(parseClientMessage(Buffer.from([1, 0x61]), channelV5).kind).toBe('ignored');
    expect(parseClientMessage(Buffer.alloc(0), channelV5).kind).toBe('ignored');
  });

  it('refuses resizes that are not two small whole numbers', () => {
    expect(parseResize(Buffer.from('{"Width":-1,"Height":2}'))).toBeUndefined();
    expect(parseResize(Buffer.from('{"Width":1.5,"Height":2}'))).toBeUndefined();
    expect(parseResize(Buffer.from('{"Width":100000,"Height":2}'))).toBeUndefined();
    expect(parseResize(Buffer.from('not json'))).toBeUndefined();
  });
});

describe('the exit status on the error channel', () => {
  it('says Success for 0, NonZeroExitCode with the code as kubectl reads it, and a failure as InternalError', () => {
    expect(exitStatus({ exitCode: 0, error: '' })).toEqual({ metadata: {}, status: 'Success' });
    expect(exitStatus({ exitCode: 3, error: '' })).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
    expect(exitStatus({ exitCode: 0, error: 'the runtime failed' })).toMatchObject({
      status: 'Failure',
      reason: 'InternalError',
      message: 'Internal error occurred: the runtime failed',
    });
  });
});
