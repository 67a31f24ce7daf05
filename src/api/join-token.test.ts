import { describe, expect, it } from 'vitest';
import {
  checkJoinToken,
  formatJoinToken,
  generateTokenPair,
  joinTokenRecordFrom,
  joinTokenSecretData,
  parseJoinToken,
} from './join-token.js';

const hash = 'a'.repeat(64);

describe('join tokens', () => {
  it('round-trips and checks a token against its stored record', () => {
    const pair = generateTokenPair();
    const parsed = parseJoinToken(formatJoinToken(hash, pair.id, pair.secret));
    expect(parsed).toEqual({ caHash: hash, ...pair });
    const record = joinTokenRecordFrom(
      joinTokenSecretData({ ...pair, role: 'worker', expiration: '2999-01-01T00:00:00Z' }),
    );
    expect(record?.role).toBe('worker');
    expect(() => checkJoinToken(parsed, record, 'worker', new Date())).not.toThrow();
  });

  it('refuses malformed, unknown, wrong-secret, expired and wrong-role tokens without echoing the secret', () => {
    expect(() => parseJoinToken('K10abc::x.y')).toThrow(/not of the form/);
    const pair = generateTokenPair();
    const record = { ...pair, role: 'worker' as const, expiration: '2020-01-01T00:00:00Z' };
    const wrong = { id: pair.id, secret: 'z'.repeat(16) };
    expect(() => checkJoinToken(pair, undefined, 'worker', new Date())).toThrow(/not known/);
    expect(() => checkJoinToken(wrong, { ...record, expiration: undefined }, 'worker', new Date())).toThrow(
      /not known/,
    );
    expect(() => checkJoinToken(pair, record, 'worker', new Date())).toThrow(/expired/);
    expect(() => checkJoinToken(pair, { ...pair, role: 'worker' }, 'master', new Date())).toThrow(/joins workers/);
    try {
      checkJoinToken(wrong, { ...pair, role: 'worker' }, 'worker', new Date());
    } catch (error: unknown) {
      expect(String(error)).not.toContain(wrong.secret);
    }
  });
});
