import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/index.js';
import { bindingOperations, failedSchedulingEvent, unschedulableStatus } from './binding.js';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u1', resourceVersion: '42' },
  spec: { containers: [{ name: 'c', image: 'i' }] },
};

describe('what the scheduling loop writes', () => {
  it('binds with a compare-and-swap on the version read, then records PodScheduled=True', () => {
    const [bind, status] = bindingOperations([{ pod, nodeName: 'n2' }], '2030-01-01T00:00:00Z');
    expect(bind).toEqual({ update: { ...pod, spec: { ...pod.spec, nodeName: 'n2' } } });
    expect(
      status && 'updateStatus' in status ? status.updateStatus.metadata?.resourceVersion : 'missing',
    ).toBeUndefined();
    expect(status && 'updateStatus' in status ? (status.updateStatus as Pod).status?.conditions : []).toEqual([
      {
        type: 'PodScheduled',
        status: 'True',
        lastTransitionTime: '2030-01-01T00:00:00Z',
        lastProbeTime: '2030-01-01T00:00:00Z',
      },
    ]);
  });

  it('writes the Unschedulable condition once per message', () => {
    const first = unschedulableStatus(pod, '0/3 nodes are available: 3 Insufficient cpu.', 't1');
    expect(first?.status?.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: '0/3 nodes are available: 3 Insufficient cpu.',
        lastTransitionTime: 't1',
        lastProbeTime: 't1',
      },
    ]);
    expect(
      first === undefined ? 'no pod' : unschedulableStatus(first, '0/3 nodes are available: 3 Insufficient cpu.', 't2'),
    ).toBeUndefined();
    const changed =
      first === undefined
        ? undefined
        : unschedulableStatus(first, '0/4 nodes are available: 4 Insufficient cpu.', 't3');
    expect(changed?.status?.conditions?.[0]?.lastTransitionTime).toBe('t1');
  });

  it('names the Event after the pod and the message, so a repeat cannot make a second one', () => {
    const event = failedSchedulingEvent(pod, 'm', 't');
    expect(event.metadata?.name).toBe(failedSchedulingEvent(pod, 'm', 'later').metadata?.name);
    expect(event.metadata?.name).not.toBe(failedSchedulingEvent(pod, 'other', 't').metadata?.name);
    expect(event).toMatchObject({
      metadata: { namespace: 'shop' },
      involvedObject: { kind: 'Pod', name: 'web-1', uid: 'u1' },
      reason: 'FailedScheduling',
      type: 'Warning',
    });
  });
});
