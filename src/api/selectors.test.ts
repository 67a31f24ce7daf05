import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import {
  formatLabelSelector,
  labelSelectorRequirements,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors.js';

const labels = { app: 'web', tier: 'frontend', env: 'prod' };

function matches(selector: string, target: Record<string, string> = labels): boolean {
  return matchesLabels(parseLabelSelector(selector), target);
}

describe('label selectors from a string', () => {
  it('matches equality requirements (=, ==, !=)', () => {
    expect(matches('app=web')).toBe(true);
    expect(matches('app==web')).toBe(true);
    expect(matches('app=api')).toBe(false);
    expect(matches('app!=api')).toBe(true);
    expect(matches('app!=web')).toBe(false);
  });

  it('lets != match objects that lack the label, as Kubernetes does', () => {
    expect(matches('missing!=x')).toBe(true);
  });

  it('matches set-based requirements (in, notin, exists, !exists)', () => {
    expect(matches('env in (prod, staging)')).toBe(true);
    expect(matches('env in (staging)')).toBe(false);
    expect(matches('env notin (staging,dev)')).toBe(true);
    expect(matches('env notin (prod)')).toBe(false);
    expect(matches('tier')).toBe(true);
    expect(matches('!tier')).toBe(false);
    expect(matches('!missing')).toBe(true);
  });

  it('requires every requirement of a combined selector', () => {
    expect(matches('app=web,tier!=backend,env in (prod,staging),env notin (dev),tier,!canary')).toBe(true);
    expect(matches('app=web,canary')).toBe(false);
  });

  it('treats an empty selector as matching everything', () => {
    expect(parseLabelSelector('')).toEqual([]);
    expect(matches('', {})).toBe(true);
  });

  it('accepts prefixed keys', () => {
    expect(matches('app.kubernetes.io/name=web', { 'app.kubernetes.io/name': 'web' })).toBe(true);
  });

  it('round-trips through its string form', () => {
    const text = 'app=web,tier!=backend,env in (prod,staging),env notin (dev,qa),tier,!canary';
    expect(formatLabelSelector(parseLabelSelector(text))).toBe(text);
  });

  it('refuses malformed selectors with a typed error', () => {
    for (const text of [
      'app=web,',
      '=web',
      'app in ()',
      'app in (a',
      'bad key=1',
      'app=has space',
      'app=-bad-',
      '-x=1',
      'a/b/c=1',
      'app=' + 'x'.repeat(64),
    ]) {
      expect(() => parseLabelSelector(text), text).toThrow(ApiError);
    }
  });
});

describe('label selectors from matchLabels and matchExpressions', () => {
  it('combines both parts', () => {
    const requirements = labelSelectorRequirements({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod'] },
        { key: 'canary', operator: 'DoesNotExist' },
      ],
    });
    expect(matchesLabels(requirements, labels)).toBe(true);
    expect(matchesLabels(requirements, { ...labels, canary: 'yes' })).toBe(false);
  });

  it('refuses an unknown operator', () => {
    expect(() => labelSelectorRequirements({ matchExpressions: [{ key: 'a', operator: 'Near' }] })).toThrow(
      /operator "Near"/,
    );
  });
});

describe('field selectors', () => {
  const pod = {
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { nodeName: 'w1' },
    status: { phase: 'Running' },
  };

  it('matches metadata.name, metadata.namespace, spec.nodeName and status.phase', () => {
    expect(matchesFields(parseFieldSelector('metadata.name=web-1,metadata.namespace==default'), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.nodeName=w1,status.phase!=Pending'), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('status.phase=Pending'), pod)).toBe(false);
  });

  it('reads an absent field as empty, so spec.nodeName= finds unscheduled pods', () => {
    expect(matchesFields(parseFieldSelector('spec.nodeName='), { metadata: { name: 'p' } })).toBe(true);
    expect(matchesFields(parseFieldSelector('spec.nodeName='), pod)).toBe(false);
  });

  it("selects Secrets by their top-level type (the node authorizer's type=kubernetes.io/tls)", () => {
    const tls = { metadata: { name: 'web-tls' }, type: 'kubernetes.io/tls' };
    const opaque = { metadata: { name: 'db' }, type: 'Opaque' };
    const selector = parseFieldSelector('type=kubernetes.io/tls');
    expect(matchesFields(selector, tls)).toBe(true);
    expect(matchesFields(selector, opaque)).toBe(false);
    expect(matchesFields(selector, { metadata: { name: 'untyped' } })).toBe(false);
    expect(matchesFields(parseFieldSelector('type!=kubernetes.io/tls'), opaque)).toBe(true);
  });

  it('refuses unsupported fields and syntax', () => {
    expect(() => parseFieldSelector('spec.replicas=3')).toThrow(/not one of/);
    expect(() => parseFieldSelector('metadata.name')).toThrow(ApiError);
  });
});
