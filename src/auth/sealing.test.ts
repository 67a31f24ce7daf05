import { describe, expect, it } from 'vitest';
import { generateClusterToken, seal, unseal } from './sealing.js';

describe('sealing with the cluster token', () => {
  it('opens with the same token and purpose only', () => {
    const token = generateClusterToken();
    const sealed = seal(token, 'ca key', 'secret material');
    expect(sealed).not.toContain('secret material');
    expect(unseal(token, 'ca key', sealed)).toBe('secret material');
    expect(() => unseal(generateClusterToken(), 'ca key', sealed)).toThrow(/does not open/);
    expect(() => unseal(token, 'other', sealed)).toThrow(/does not open/);
    expect(() => unseal(token, 'ca key', 'plain')).toThrow(/starts with/);
  });
});
