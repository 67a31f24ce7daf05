// Every filter, table-driven: a pod and a few nodes, and where the pod may go
// (or the exact message saying why it goes nowhere).
import { describe, expect, it } from 'vitest';
import { SchedulerHarness, type NodeSpecInput, type PodSpecInput } from './testing.js';

interface FilterCase {
  readonly name: string;
  readonly nodes: readonly NodeSpecInput[];
  readonly existing?: readonly PodSpecInput[];
  readonly pod: PodSpecInput;
  /** The node it must land on, or null when it must stay pending with `message`. */
  readonly node: string | null;
  readonly message?: string;
}

const zoneTerm = (key: string, operator: string, values: string[] = []) => ({
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values }] }],
    },
  },
});

const podTerm = (
  kind: 'podAffinity' | 'podAntiAffinity',
  labels: Record<string, string>,
  topologyKey: string,
  namespaces?: string[],
) => ({
  [kind]: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      { labelSelector: { matchLabels: labels }, topologyKey, ...(namespaces === undefined ? {} : { namespaces }) },
    ],
  },
});
const hostname = 'kubernetes.io/hostname';
const zone = 'topology.kubernetes.io/zone';

const cases: readonly FilterCase[] = [
  {
    name: 'a node that is not Ready is skipped',
    nodes: [{ name: 'a', ready: false }, { name: 'b' }],
    pod: { name: 'p' },
    node: 'b',
  },
  {
    name: 'a pod tolerating not-ready (a DaemonSet pod) may go to a node that is not Ready',
    nodes: [{ name: 'a', ready: false }],
    pod: { name: 'p', tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }] },
    node: 'a',
  },
  {
    name: 'a cordoned node is skipped',
    nodes: [
      { name: 'a', unschedulable: true },
      { name: 'b', unschedulable: true },
    ],
    pod: { name: 'p' },
    node: null,
    message: '0/2 nodes are available: 2 node(s) were unschedulable.',
  },
  {
    name: 'a pod tolerating the unschedulable taint may go to a cordoned node',
    nodes: [{ name: 'a', unschedulable: true }],
    pod: {
      name: 'p',
      tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
    },
    node: 'a',
  },
  {
    name: 'cpu must fit what is left after the pods already there',
    nodes: [
      { name: 'a', cpu: '2' },
      { name: 'b', cpu: '2' },
    ],
    existing: [{ name: 'x', cpu: '1500m', nodeName: 'a' }],
    pod: { name: 'p', cpu: '1' },
    node: 'b',
  },
  {
    name: 'finished pods hold no resources',
    nodes: [{ name: 'a', cpu: '2' }],
    existing: [{ name: 'x', cpu: '2', nodeName: 'a', phase: 'Succeeded' }],
    pod: { name: 'p', cpu: '2' },
    node: 'a',
  },
  {
    name: 'memory must fit',
    nodes: [
      { name: 'a', memory: '1Gi' },
      { name: 'b', memory: '2Gi' },
    ],
    pod: { name: 'p', memory: '1536Mi' },
    node: 'b',
  },
  {
    name: 'the pod count must fit',
    nodes: [
      { name: 'a', pods: 1 },
      { name: 'b', pods: 2 },
    ],
    existing: [{ name: 'x', nodeName: 'a' }],
    pod: { name: 'p' },
    node: 'b',
  },
  {
    name: 'a node short of both cpu and memory counts once for each',
    nodes: [{ name: 'a', cpu: '1', memory: '1Gi' }],
    pod: { name: 'p', cpu: '2', memory: '2Gi' },
    node: null,
    message: '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.',
  },
  {
    name: 'init containers count as max(largest init container, sum of containers)',
    nodes: [{ name: 'a', cpu: '2' }],
    pod: { name: 'p', cpu: '500m', moreContainers: [{ cpu: '500m' }], initContainers: [{ cpu: '2500m' }] },
    node: null,
    message: '0/1 nodes are available: 1 Insufficient cpu.',
  },
  {
    name: 'a small init container does not add to the sum of containers',
    nodes: [{ name: 'a', cpu: '2' }],
    pod: { name: 'p', cpu: '1', moreContainers: [{ cpu: '1' }], initContainers: [{ cpu: '1500m' }] },
    node: 'a',
  },
  {
    name: 'nodeSelector labels must all match',
    nodes: [
      { name: 'a', labels: { disk: 'ssd' } },
      { name: 'b', labels: { disk: 'ssd', gpu: 'yes' } },
    ],
    pod: { name: 'p', nodeSelector: { disk: 'ssd', gpu: 'yes' } },
    node: 'b',
  },
  {
    name: 'node affinity In',
    nodes: [
      { name: 'a', zone: 'z1' },
      { name: 'b', zone: 'z2' },
    ],
    pod: { name: 'p', affinity: zoneTerm('topology.kubernetes.io/zone', 'In', ['z2', 'z3']) },
    node: 'b',
  },
  {
    name: 'node affinity NotIn matches nodes without the label',
    nodes: [{ name: 'a', zone: 'z1' }, { name: 'b' }],
    pod: { name: 'p', affinity: zoneTerm('topology.kubernetes.io/zone', 'NotIn', ['z1']) },
    node: 'b',
  },
  {
    name: 'node affinity Exists',
    nodes: [{ name: 'a' }, { name: 'b', labels: { gpu: 'a100' } }],
    pod: { name: 'p', affinity: zoneTerm('gpu', 'Exists') },
    node: 'b',
  },
  {
    name: 'node affinity DoesNotExist',
    nodes: [{ name: 'a', labels: { gpu: 'a100' } }, { name: 'b' }],
    pod: { name: 'p', affinity: zoneTerm('gpu', 'DoesNotExist') },
    node: 'b',
  },
  {
    name: 'node affinity Gt compares integers',
    nodes: [
      { name: 'a', labels: { cores: '8' } },
      { name: 'b', labels: { cores: '64' } },
      { name: 'c', labels: { cores: 'many' } },
    ],
    pod: { name: 'p', affinity: zoneTerm('cores', 'Gt', ['16']) },
    node: 'b',
  },
  {
    name: 'node affinity Lt compares integers',
    nodes: [
      { name: 'a', labels: { cores: '64' } },
      { name: 'b', labels: { cores: '8' } },
    ],
    pod: { name: 'p', affinity: zoneTerm('cores', 'Lt', ['16']) },
    node: 'b',
  },
  {
    name: 'node affinity terms are ORed, expressions in a term ANDed',
    nodes: [
      { name: 'a', labels: { x: '1' } },
      { name: 'b', labels: { x: '1', y: '1' } },
      { name: 'c', labels: { z: '1' } },
    ],
    pod: {
      name: 'p',
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'x', operator: 'Exists' },
                  { key: 'y', operator: 'DoesNotExist' },
                  { key: 'q', operator: 'Exists' },
                ],
              },
              { matchExpressions: [{ key: 'z', operator: 'In', values: ['1'] }] },
            ],
          },
        },
      },
    },
    node: 'c',
  },
  {
    name: 'node affinity matchFields on metadata.name',
    nodes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
    pod: {
      name: 'p',
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['c'] }] }],
          },
        },
      },
    },
    node: 'c',
  },
  {
    name: 'no node matching the selector',
    nodes: [{ name: 'a' }, { name: 'b' }],
    pod: { name: 'p', nodeSelector: { disk: 'ssd' } },
    node: null,
    message: "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.",
  },
  {
    name: 'an untolerated NoSchedule taint keeps pods off',
    nodes: [{ name: 'a', taints: ['dedicated=db:NoSchedule'] }, { name: 'b' }],
    pod: { name: 'p' },
    node: 'b',
  },
  {
    name: 'an untolerated NoExecute taint keeps pods off',
    nodes: [{ name: 'a', taints: ['broken:NoExecute'] }],
    pod: { name: 'p' },
    node: null,
    message: '0/1 nodes are available: 1 node(s) had untolerated taint {broken: }.',
  },
  {
    name: 'an Equal toleration with the right value admits',
    nodes: [{ name: 'a', taints: ['dedicated=db:NoSchedule'] }],
    pod: { name: 'p', tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] },
    node: 'a',
  },
  {
    name: 'an Equal toleration with another value does not',
    nodes: [{ name: 'a', taints: ['dedicated=db:NoSchedule'] }],
    pod: { name: 'p', tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web' }] },
    node: null,
    message: '0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: db}.',
  },
  {
    name: 'a toleration for another effect does not admit',
    nodes: [{ name: 'a', taints: ['dedicated=db:NoExecute'] }],
    pod: { name: 'p', tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] },
    node: null,
    message: '0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: db}.',
  },
  {
    name: 'an empty key with Exists tolerates everything',
    nodes: [{ name: 'a', taints: ['one=1:NoSchedule', 'two:NoExecute'] }],
    pod: { name: 'p', tolerations: [{ operator: 'Exists' }] },
    node: 'a',
  },
  {
    name: 'PreferNoSchedule never filters',
    nodes: [{ name: 'a', taints: ['soft:PreferNoSchedule'] }],
    pod: { name: 'p' },
    node: 'a',
  },
  {
    name: 'a host port in use blocks the node',
    nodes: [{ name: 'a' }, { name: 'b' }],
    existing: [{ name: 'x', nodeName: 'a', hostPorts: ['8080'] }],
    pod: { name: 'p', hostPorts: ['8080'] },
    node: 'b',
  },
  {
    name: 'the same port on another protocol is free',
    nodes: [{ name: 'a' }],
    existing: [{ name: 'x', nodeName: 'a', hostPorts: ['53/TCP'] }],
    pod: { name: 'p', hostPorts: ['53/UDP'] },
    node: 'a',
  },
  {
    name: 'the same port on two specific host IPs does not collide',
    nodes: [{ name: 'a' }],
    existing: [{ name: 'x', nodeName: 'a', hostPorts: ['10.0.0.1:80'] }],
    pod: { name: 'p', hostPorts: ['10.0.0.2:80'] },
    node: 'a',
  },
  {
    name: 'a wildcard claim collides with a specific host IP',
    nodes: [{ name: 'a' }],
    existing: [{ name: 'x', nodeName: 'a', hostPorts: ['10.0.0.1:80'] }],
    pod: { name: 'p', hostPorts: ['80'] },
    node: null,
    message: "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.",
  },
  {
    name: 'pod affinity by hostname goes next to the matching pod',
    nodes: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
    existing: [{ name: 'db', nodeName: 'b', labels: { app: 'db' } }],
    pod: { name: 'p', affinity: podTerm('podAffinity', { app: 'db' }, hostname) },
    node: 'b',
  },
  {
    name: 'pod affinity by zone allows any node of the zone',
    nodes: [
      { name: 'a', zone: 'z1', cpu: '1' },
      { name: 'b', zone: 'z1' },
      { name: 'c', zone: 'z2' },
    ],
    existing: [{ name: 'db', nodeName: 'a', labels: { app: 'db' }, cpu: '1' }],
    pod: { name: 'p', cpu: '1', affinity: podTerm('podAffinity', { app: 'db' }, zone) },
    node: 'b',
  },
  {
    name: 'the first pod of a group with affinity to itself may go anywhere',
    nodes: [{ name: 'a' }],
    pod: { name: 'p', labels: { app: 'web' }, affinity: podTerm('podAffinity', { app: 'web' }, hostname) },
    node: 'a',
  },
  {
    name: 'pod affinity with no matching pod anywhere',
    nodes: [{ name: 'a' }, { name: 'b' }],
    pod: { name: 'p', affinity: podTerm('podAffinity', { app: 'db' }, hostname) },
    node: null,
    message: "0/2 nodes are available: 2 node(s) didn't match pod affinity rules.",
  },
  {
    name: 'pod affinity looks only in the pod namespace unless told otherwise',
    nodes: [{ name: 'a' }, { name: 'b' }],
    existing: [{ name: 'db', namespace: 'other', nodeName: 'b', labels: { app: 'db' } }],
    pod: { name: 'p', affinity: podTerm('podAffinity', { app: 'db' }, hostname) },
    node: null,
    message: "0/2 nodes are available: 2 node(s) didn't match pod affinity rules.",
  },
  {
    name: 'pod affinity to listed namespaces',
    nodes: [{ name: 'a' }, { name: 'b' }],
    existing: [{ name: 'db', namespace: 'other', nodeName: 'b', labels: { app: 'db' } }],
    pod: { name: 'p', affinity: podTerm('podAffinity', { app: 'db' }, hostname, ['other']) },
    node: 'b',
  },
  {
    name: 'pod anti-affinity by hostname avoids the node of a matching pod',
    nodes: [{ name: 'a' }, { name: 'b' }],
    existing: [{ name: 'w1', nodeName: 'a', labels: { app: 'web' } }],
    pod: { name: 'p', labels: { app: 'web' }, affinity: podTerm('podAntiAffinity', { app: 'web' }, hostname) },
    node: 'b',
  },
  {
    name: 'pod anti-affinity by zone avoids the whole zone',
    nodes: [
      { name: 'a', zone: 'z1' },
      { name: 'b', zone: 'z1' },
      { name: 'c', zone: 'z2' },
    ],
    existing: [{ name: 'w1', nodeName: 'a', labels: { app: 'web' } }],
    pod: { name: 'p', affinity: podTerm('podAntiAffinity', { app: 'web' }, zone) },
    node: 'c',
  },
  {
    name: 'pod anti-affinity leaves no node',
    nodes: [
      { name: 'a', zone: 'z1' },
      { name: 'b', zone: 'z1' },
    ],
    existing: [{ name: 'w1', nodeName: 'a', labels: { app: 'web' } }],
    pod: { name: 'p', affinity: podTerm('podAntiAffinity', { app: 'web' }, zone) },
    node: null,
    message: "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules.",
  },
  {
    name: 'an existing pod refusing the newcomer keeps it out of its domain',
    nodes: [{ name: 'a' }, { name: 'b' }],
    existing: [{ name: 'x', nodeName: 'a', affinity: podTerm('podAntiAffinity', { app: 'web' }, hostname) }],
    pod: { name: 'p', labels: { app: 'web' } },
    node: 'b',
  },
  {
    name: 'existing anti-affinity in the message',
    nodes: [{ name: 'a' }],
    existing: [{ name: 'x', nodeName: 'a', affinity: podTerm('podAntiAffinity', { app: 'web' }, hostname) }],
    pod: { name: 'p', labels: { app: 'web' } },
    node: null,
    message: "0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules.",
  },
];

describe('filters', () => {
  it.each(cases)('$name', (testCase) => {
    const harness = new SchedulerHarness({ nodes: testCase.nodes, pods: testCase.existing ?? [] });
    const result = harness.schedule([testCase.pod]);
    if (testCase.node === null) {
      expect(result.placements).toEqual([]);
      expect(result.unschedulable.map((entry) => entry.message)).toEqual([testCase.message]);
    } else {
      expect(result.unschedulable.map((entry) => entry.message)).toEqual([]);
      expect(harness.nodeOf(testCase.pod.name)).toBe(testCase.node);
    }
  });
});
