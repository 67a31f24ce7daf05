import { createHash, createPublicKey } from 'node:crypto';
import { CompactSign, decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthTypedError } from './auth-error.js';
import {
  ServiceAccountTokenError,
  ServiceAccountTokens,
  generateSigningKey,
  keyId,
  serviceAccountTokenBytesMax,
  type IssueTokenRequest,
  type ServiceAccountTokenErrorCode,
} from './service-account-token.js';

const issuer = 'https://kubernetes.default.svc.cluster.local';
const start = Date.parse('2026-03-01T12:00:00Z');

let first: { privateKeyPem: string; publicKeyPem: string };
let second: { privateKeyPem: string; publicKeyPem: string };
beforeAll(async () => {
  [first, second] = await Promise.all([generateSigningKey(), generateSigningKey()]);
});

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advanceSeconds: (seconds: number) => void } {
  let nowMs = start;
  return { now: () => nowMs, advanceSeconds: (seconds) => (nowMs += seconds * 1000) };
}

function tokens(key = first, options: { publicKeyPems?: string[]; clock?: () => number; issuer?: string } = {}) {
  return new ServiceAccountTokens({
    privateKeyPem: key.privateKeyPem,
    publicKeyPems: options.publicKeyPems ?? [],
    issuer: options.issuer ?? issuer,
    clock: options.clock ?? (() => start),
  });
}

const request: IssueTokenRequest = {
  namespace: 'shop',
  name: 'builder',
  uid: 'sa-uid-1',
  audiences: ['orca', 'vault'],
};

async function refusal(promise: Promise<unknown>): Promise<ServiceAccountTokenErrorCode> {
  try {
    await promise;
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(ServiceAccountTokenError);
    expect(error).toBeInstanceOf(AuthTypedError);
    return (error as ServiceAccountTokenError).code;
  }
  throw new Error('expected a refusal');
}

describe('ServiceAccountTokens', () => {
  it('verifies the tokens it issues and names the ServiceAccount, its user and groups', async () => {
    const service = tokens();
    const token = await service.issue({ ...request, podName: 'web-0', podUid: 'pod-uid-1' });
    expect(await service.verify(token, { audience: 'vault' })).toEqual({
      namespace: 'shop',
      name: 'builder',
      uid: 'sa-uid-1',
      podName: 'web-0',
      podUid: 'pod-uid-1',
      user: 'system:serviceaccount:shop:builder',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:shop', 'system:authenticated'],
    });
  });

  it("writes Kubernetes' claims, exactly, and a kid of the public key's SHA-256", async () => {
    const token = await tokens().issue({ ...request, expirationSeconds: 7200, podName: 'web-0', podUid: 'pod-uid-1' });
    const seconds = start / 1000;
    expect(decodeJwt(token)).toEqual({
      iss: issuer,
      sub: 'system:serviceaccount:shop:builder',
      aud: ['orca', 'vault'],
      exp: seconds + 7200,
      iat: seconds,
      nbf: seconds,
      'kubernetes.io': {
        namespace: 'shop',
        serviceaccount: { name: 'builder', uid: 'sa-uid-1' },
        pod: { name: 'web-0', uid: 'pod-uid-1' },
      },
    });
    const der = createPublicKey(first.publicKeyPem).export({ type: 'spki', format: 'der' });
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'ES256',
      kid: createHash('sha256').update(der).digest('base64url'),
    });
    expect(keyId(createPublicKey(first.publicKeyPem))).toBe(decodeProtectedHeader(token).kid);
  });

  it('leaves the pod out of a token bound to no pod, and defaults to an hour', async () => {
    const token = await tokens().issue(request);
    const claims = decodeJwt(token);
    expect(claims['kubernetes.io']).toEqual({
      namespace: 'shop',
      serviceaccount: { name: 'builder', uid: 'sa-uid-1' },
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    expect(await tokens().verify(token, { audience: 'orca' })).not.toHaveProperty('podName');
  });

  it('refuses a token once expired, by the clock', async () => {
    const clock = manualClock();
    const service = tokens(first, { clock: clock.now });
    const token = await service.issue({ ...request, expirationSeconds: 600 });
    clock.advanceSeconds(599);
    await expect(service.verify(token, { audience: 'orca' })).resolves.toMatchObject({ name: 'builder' });
    clock.advanceSeconds(1);
    expect(await refusal(service.verify(token, { audience: 'orca' }))).toBe('expired');
  });

  it('refuses a token not valid yet, beyond a minute of clock skew', async () => {
    const clock = manualClock();
    const issuing = tokens(first, { clock: () => start + 120_000 });
    const token = await issuing.issue(request);
    const verifying = tokens(first, { clock: clock.now });
    expect(await refusal(verifying.verify(token, { audience: 'orca' }))).toBe('expired');
    clock.advanceSeconds(61);
    await expect(verifying.verify(token, { audience: 'orca' })).resolves.toMatchObject({ name: 'builder' });
  });

  it('refuses a token meant for another audience', async () => {
    const service = tokens();
    const token = await service.issue(request);
    expect(await refusal(service.verify(token, { audience: 'elsewhere' }))).toBe('wrong-audience');
  });

  it('refuses a token of another issuer', async () => {
    const token = await tokens(first, { issuer: 'https://other.example' }).issue(request);
    expect(await refusal(tokens().verify(token, { audience: 'orca' }))).toBe('wrong-issuer');
  });

  it('refuses a token signed by a key it does not trust', async () => {
    const foreign = await tokens(second).issue(request);
    expect(await refusal(tokens().verify(foreign, { audience: 'orca' }))).toBe('unknown-key');
  });

  it('refuses a signature made by another key under a trusted kid', async () => {
    const genuine = await tokens().issue(request);
    const foreign = await tokens(second).issue(request);
    const [header, payload] = genuine.split('.');
    const forged = `${header}.${payload}.${foreign.split('.')[2]}`;
    expect(await refusal(tokens().verify(forged, { audience: 'orca' }))).toBe('bad-signature');
    // A changed payload under a genuine signature fails too.
    const altered = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(genuine), aud: ['x'] })).toString('base64url')}.${genuine.split('.')[2]}`;
    expect(await refusal(tokens().verify(altered, { audience: 'x' }))).toBe('bad-signature');
  });

  it('tries every trusted key for a token without kid', async () => {
    const payload = new TextEncoder().encode(JSON.stringify(decodeJwt(await tokens(second).issue(request))));
    const { createPrivateKey } = await import('node:crypto');
    const noKid = await new CompactSign(payload)
      .setProtectedHeader({ alg: 'ES256' })
      .sign(createPrivateKey(second.privateKeyPem));
    const trusting = tokens(first, { publicKeyPems: [second.publicKeyPem] });
    await expect(trusting.verify(noKid, { audience: 'orca' })).resolves.toMatchObject({ name: 'builder' });
    expect(await refusal(tokens().verify(noKid, { audience: 'orca' }))).toBe('bad-signature');
  });

  it('verifies tokens of the old key after rotation, while the old public key stays listed', async () => {
    const oldToken = await tokens(first).issue(request);
    const rotated = tokens(second, { publicKeyPems: [first.publicKeyPem] });
    await expect(rotated.verify(oldToken, { audience: 'orca' })).resolves.toMatchObject({ name: 'builder' });
    const newToken = await rotated.issue(request);
    // Masters still signing with the old key but already trusting the new one accept the new tokens.
    await expect(
      tokens(first, { publicKeyPems: [second.publicKeyPem] }).verify(newToken, { audience: 'orca' }),
    ).resolves.toMatchObject({
      name: 'builder',
    });
    // Once the old key is dropped, its tokens are refused.
    expect(await refusal(tokens(second).verify(oldToken, { audience: 'orca' }))).toBe('unknown-key');
  });

  it('refuses malformed tokens without echoing them', async () => {
    const service = tokens();
    const cases = ['', 'abc', 'a.b', 'a.b.c.d', 'not a token at all', `${'a'.repeat(serviceAccountTokenBytesMax)}.b.c`];
    for (const token of cases) {
      expect(await refusal(service.verify(token, { audience: 'orca' }))).toBe('malformed');
    }
    const hs256 = ['{"alg":"HS256","typ":"JWT"}', '{"sub":"x"}'].map((part) => Buffer.from(part).toString('base64url'));
    const secretLooking = `${hs256.join('.')}.c2VjcmV0LXNpZ25hdHVyZQ`;
    try {
      await service.verify(secretLooking, { audience: 'orca' });
      expect.unreachable();
    } catch (error: unknown) {
      expect((error as ServiceAccountTokenError).code).toBe('malformed');
      expect((error as Error).message).not.toContain('c2VjcmV0');
      expect((error as Error).message).not.toContain(hs256[0]);
    }
  });

  it('refuses a validly signed token that is not shaped as a ServiceAccount token', async () => {
    const { createPrivateKey } = await import('node:crypto');
    const sign = (claims: unknown) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
        .setProtectedHeader({ alg: 'ES256', kid: keyId(createPublicKey(first.publicKeyPem)) })
        .sign(createPrivateKey(first.privateKeyPem));
    const claims = decodeJwt(await tokens().issue(request));
    const service = tokens();
    const mismatch = await sign({ ...claims, sub: 'system:serviceaccount:kube-system:admin' });
    expect(await refusal(service.verify(mismatch, { audience: 'orca' }))).toBe('malformed');
    const noKubernetes = await sign({ ...claims, 'kubernetes.io': undefined });
    expect(await refusal(service.verify(noKubernetes, { audience: 'orca' }))).toBe('malformed');
    const noExpiry = await sign({ ...claims, exp: undefined });
    expect(await refusal(service.verify(noExpiry, { audience: 'orca' }))).toBe('malformed');
  });

  it('refuses bad issue requests and keys', async () => {
    const service = tokens();
    expect(await refusal(service.issue({ ...request, expirationSeconds: 599 }))).toBe('invalid-argument');
    expect(await refusal(service.issue({ ...request, expirationSeconds: 86400 * 7 + 1 }))).toBe('invalid-argument');
    await expect(service.issue({ ...request, expirationSeconds: 86400 * 7 })).resolves.toBeTypeOf('string');
    expect(await refusal(service.issue({ ...request, audiences: [] }))).toBe('invalid-argument');
    expect(await refusal(service.issue({ ...request, name: 'a:b' }))).toBe('invalid-argument');
    expect(await refusal(service.issue({ ...request, podName: 'web-0' }))).toBe('invalid-argument');
    expect(() => tokens({ privateKeyPem: 'nope', publicKeyPem: '' })).toThrow(/privateKeyPem: not a PEM key/);
    const { generateKeyPairSync } = await import('node:crypto');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => tokens({ privateKeyPem: rsa, publicKeyPem: '' })).toThrow(/P-256/);
  });
});

describe('generateSigningKey', () => {
  it('makes a P-256 key pair in PKCS#8 and SPKI PEM', () => {
    expect(first.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(createPublicKey(first.publicKeyPem).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(first.privateKeyPem).not.toBe(second.privateKeyPem);
  });
});
