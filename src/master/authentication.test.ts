import { Metadata } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  ClusterAuthenticator,
  forwardedIdentity,
  mastersGroup,
  parseTokenAuthFile,
  staticTokenAuthenticator,
  type AuthenticatedCall,
} from './authentication.js';

function call(subject: Record<string, string | string[]> | undefined, metadata = new Metadata()): AuthenticatedCall {
  return {
    metadata,
    getAuthContext: () => (subject === undefined ? {} : { sslPeerCertificate: { subject } }),
  };
}

describe('authentication', () => {
  const authenticator = new ClusterAuthenticator([
    staticTokenAuthenticator(parseTokenAuthFile('# users\nsecret-token-0123456789,alice,u1,"devs,ops"\n')),
  ]);

  it('reads a verified client certificate as CN = user, O = groups, plus system:authenticated', async () => {
    expect(await authenticator.authenticate(call({ CN: 'dev', O: ['a', 'b'] }))).toEqual({
      name: 'dev',
      groups: ['a', 'b', 'system:authenticated'],
    });
  });

  it("takes a forwarded caller only from a master's certificate", async () => {
    const forwarded = forwardedIdentity({ name: 'dev', groups: ['devs'] }, new Metadata());
    expect(await authenticator.authenticate(call({ CN: 'm2', O: mastersGroup }, forwarded))).toEqual({
      name: 'dev',
      groups: ['devs'],
    });
    // A user who sends the same metadata stays who its certificate says.
    expect((await authenticator.authenticate(call({ CN: 'mallory', O: 'devs' }, forwarded))).name).toBe('mallory');
  });

  it('accepts a static bearer token and refuses a wrong one or none with UNAUTHENTICATED', async () => {
    const withToken = (token: string): AuthenticatedCall => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${token}`);
      return call(undefined, metadata);
    };
    expect(await authenticator.authenticate(withToken('secret-token-0123456789'))).toEqual({
      name: 'alice',
      uid: 'u1',
      groups: ['devs', 'ops', 'system:authenticated'],
    });
    await expect(authenticator.authenticate(withToken('wrong-token-0123456789'))).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    await expect(authenticator.authenticate(call(undefined))).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('names the line of a broken token file', () => {
    expect(() => parseTokenAuthFile('ok-token-0123456789,bob,u2\nbroken')).toThrow(/line 2/);
    expect(() => parseTokenAuthFile('short,bob,u2')).toThrow(/16\+ characters/);
  });
});

describe('identities by connection', () => {
  it('reads a connection’s certificate once, and each connection’s own', async () => {
    const authenticator = new ClusterAuthenticator([]);
    let reads = 0;
    const onSession = (session: object, cn: string): AuthenticatedCall =>
      ({
        metadata: new Metadata(),
        // The shape grpc-js server calls have: call → nextCall → stream.session.
        call: { nextCall: { stream: { session } } },
        getAuthContext: () => {
          reads += 1;
          return { sslPeerCertificate: { subject: { CN: cn } } };
        },
      }) as AuthenticatedCall;
    const first = {};
    const second = {};
    expect((await authenticator.authenticate(onSession(first, 'a'))).name).toBe('a');
    expect((await authenticator.authenticate(onSession(first, 'a'))).name).toBe('a');
    expect(reads).toBe(1);
    expect((await authenticator.authenticate(onSession(second, 'b'))).name).toBe('b');
    expect(reads).toBe(2);
  });
});
