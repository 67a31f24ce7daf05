import { describe, expect, it } from 'vitest';
import { lastAppliedAnnotation, serverSideApply, updateManagedFields, type ApplyOptions } from './server-side-apply.js';
import { isPatchError, type PatchError } from './errors.js';
import type { Json } from './json.js';

const at = (minute: number): string => `2024-05-01T10:${String(minute).padStart(2, '0')}:00Z`;

interface Config {
  replicas?: number;
  image?: string;
  labels?: Record<string, string>;
  env?: Json[];
  containers?: Json[];
}

/** The Deployment a manifest describes. */
function manifest(config: Config = {}): Json {
  const spec: Json = {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: config.containers ?? [
          { name: 'web', image: config.image ?? 'nginx:1', ...(config.env !== undefined ? { env: config.env } : {}) },
        ],
      },
    },
  };
  if (config.replicas !== undefined) spec['replicas'] = config.replicas;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', ...(config.labels !== undefined ? { labels: config.labels } : {}) },
    spec,
  };
}

function apply(live: Json | undefined, applied: Json, options: Partial<ApplyOptions> = {}): Json {
  return serverSideApply(live, applied, {
    manager: 'kubectl',
    force: false,
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    now: at(0),
    ...options,
  }).object;
}

function applyError(live: Json | undefined, applied: Json, options: Partial<ApplyOptions> = {}): PatchError {
  try {
    apply(live, applied, options);
  } catch (error: unknown) {
    if (isPatchError(error)) return error;
    throw error;
  }
  throw new Error('the apply succeeded');
}

function entries(object: Json): Json[] {
  return ((object['metadata'] as Json)['managedFields'] as Json[] | undefined) ?? [];
}

function entry(object: Json, manager: string): Json | undefined {
  return entries(object).find((item) => item['manager'] === manager);
}

function spec(object: Json): Json {
  return object['spec'] as Json;
}

function containers(object: Json): Json[] {
  return ((spec(object)['template'] as Json)['spec'] as Json)['containers'] as Json[];
}

/** A write that is not an apply (kubectl scale, edit, a controller), recorded for `manager`. */
function update(before: Json, change: (object: Json) => void, manager: string, minute = 1): Json {
  const after = structuredClone(before);
  change(after);
  return updateManagedFields(before, after, manager, at(minute), 'apps/v1');
}

describe('server-side apply: ownership', () => {
  it('creates the object and records the applied fields in FieldsV1, as Kubernetes writes them', () => {
    const applied = manifest({ replicas: 2, labels: { app: 'web' } });
    const containerList = ((applied['spec'] as Json)['template'] as Json)['spec'] as Json;
    containerList['containers'] = [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }], args: ['-g'] }];
    const object = apply(undefined, applied, { now: '2024-05-01T10:00:00.123456Z' });
    expect(entries(object)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2024-05-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"web"}': {
                    '.': {},
                    'f:args': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
                  },
                },
              },
            },
          },
        },
      },
    ]);
    const { metadata, ...rest } = object;
    const { metadata: appliedMetadata, ...appliedRest } = applied;
    expect(rest).toEqual(appliedRest);
    expect({ ...(metadata as Json), managedFields: undefined }).toEqual({
      ...(appliedMetadata as Json),
      managedFields: undefined,
    });
  });

  it('does not merge or own status, nor the metadata the server sets', () => {
    const applied: Json = { ...manifest(), status: { replicas: 9 } };
    (applied['metadata'] as Json)['uid'] = 'client-made-up';
    const object = apply(undefined, applied);
    expect(object['status']).toBeUndefined();
    expect((object['metadata'] as Json)['uid']).toBeUndefined();
    const live = { ...object, status: { replicas: 1 } };
    expect(apply(live, applied)['status']).toEqual({ replicas: 1 });
  });

  it('keeps the object and the time when the apply changes nothing', () => {
    const first = apply(undefined, manifest({ replicas: 2 }), { now: at(0) });
    const again = apply(first, manifest({ replicas: 2 }), { now: at(5) });
    expect(again).toEqual(first);
    expect(entry(again, 'kubectl')?.['time']).toBe(at(0));
  });

  it('changes what the configuration changes, and moves the time', () => {
    const first = apply(undefined, manifest({ replicas: 2 }));
    const second = apply(first, manifest({ replicas: 4, image: 'nginx:2' }), { now: at(7) });
    expect(spec(second)['replicas']).toBe(4);
    expect(containers(second)[0]?.['image']).toBe('nginx:2');
    expect(entry(second, 'kubectl')?.['time']).toBe(at(7));
  });

  it('owns a set by value and an atomic list as one field', () => {
    const applied = manifest();
    (applied['metadata'] as Json)['finalizers'] = ['example.com/a'];
    const containerSpec = containers(applied)[0] as Json;
    containerSpec['command'] = ['sh', '-c'];
    const fields = entry(apply(undefined, applied), 'kubectl')?.['fieldsV1'] as Json;
    expect(fields['f:metadata']).toEqual({ 'f:finalizers': { 'v:"example.com/a"': {} } });
    const template = ((fields['f:spec'] as Json)['f:template'] as Json)['f:spec'] as Json;
    expect((template['f:containers'] as Json)['k:{"name":"web"}']).toMatchObject({ 'f:command': {} });
  });
});

describe('server-side apply: removing fields the manager no longer applies', () => {
  const removals: {
    name: string;
    before: Config;
    after: Config;
    check: (object: Json) => unknown;
    expected: unknown;
  }[] = [
    {
      name: 'a label',
      before: { labels: { app: 'web', tier: 'front' } },
      after: { labels: { app: 'web' } },
      check: (object) => (object['metadata'] as Json)['labels'],
      expected: { app: 'web' },
    },
    {
      name: 'replicas',
      before: { replicas: 3 },
      after: {},
      check: (object) => spec(object)['replicas'],
      expected: undefined,
    },
    {
      name: 'an env var, the others kept in order',
      before: {
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
          { name: 'C', value: '3' },
        ],
      },
      after: {
        env: [
          { name: 'A', value: '1' },
          { name: 'C', value: '3' },
        ],
      },
      check: (object) => containers(object)[0]?.['env'],
      expected: [
        { name: 'A', value: '1' },
        { name: 'C', value: '3' },
      ],
    },
    {
      name: 'a container',
      before: {
        containers: [
          { name: 'web', image: 'nginx' },
          { name: 'sidecar', image: 'busybox' },
        ],
      },
      after: { containers: [{ name: 'web', image: 'nginx' }] },
      check: (object) => containers(object).map((item) => item['name']),
      expected: ['web'],
    },
  ];

  it.each(removals)('removes $name', ({ before, after, check, expected }) => {
    const first = apply(undefined, manifest(before));
    expect(check(apply(first, manifest(after)))).toEqual(expected);
  });

  it('keeps a field another applier also owns', () => {
    const first = apply(undefined, manifest({ labels: { app: 'web', shared: 'yes' } }));
    const second = apply(first, manifest({ labels: { shared: 'yes' } }), { manager: 'other' });
    const third = apply(second, manifest({ labels: { app: 'web' } }));
    expect((third['metadata'] as Json)['labels']).toEqual({ app: 'web', shared: 'yes' });
    expect((entry(third, 'other')?.['fieldsV1'] as Json)['f:metadata']).toEqual({ 'f:labels': { 'f:shared': {} } });
  });

  it('keeps fields it never owned (defaults, other writers), and the containers of other appliers', () => {
    const first = apply(undefined, manifest({ containers: [{ name: 'web', image: 'nginx' }] }));
    const scaled = update(
      first,
      (object) => {
        spec(object)['replicas'] = 7;
        (containers(object)[0] as Json)['imagePullPolicy'] = 'IfNotPresent';
      },
      'kube-controller-manager',
    );
    const withSidecar = apply(scaled, manifest({ containers: [{ name: 'sidecar', image: 'busybox' }] }), {
      manager: 'mesh',
    });
    const reapplied = apply(withSidecar, manifest({ containers: [{ name: 'web', image: 'nginx:2' }] }));
    expect(spec(reapplied)['replicas']).toBe(7);
    expect(containers(reapplied)).toEqual([
      { name: 'web', image: 'nginx:2', imagePullPolicy: 'IfNotPresent' },
      { name: 'sidecar', image: 'busybox' },
    ]);
  });

  it('removes a field set to null in the configuration, and owns it', () => {
    const first = apply(undefined, manifest({ replicas: 3 }));
    const applied = manifest();
    spec(applied)['replicas'] = null;
    const object = apply(first, applied, { manager: 'other', force: true });
    expect(spec(object)['replicas']).toBeUndefined();
    expect((entry(object, 'other')?.['fieldsV1'] as Json)['f:spec']).toMatchObject({ 'f:replicas': {} });
  });
});

describe('server-side apply: conflicts', () => {
  it('conflicts on a field an updater set to another value, in Kubernetes words', () => {
    const created = updateManagedFields(
      undefined,
      manifest({ replicas: 3 }),
      'kubectl-client-side-apply',
      at(0),
      'apps/v1',
    );
    const error = applyError(created, manifest({ replicas: 5 }), { manager: 'deploy-tool' });
    expect(error.code).toBe('conflict');
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    );
    expect(error.causes).toEqual([
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-client-side-apply" using apps/v1',
        field: '.spec.replicas',
      },
    ]);
  });

  it('shares a field applied with the same value, without conflict', () => {
    const first = apply(undefined, manifest({ replicas: 3 }), { manager: 'a' });
    const second = apply(first, manifest({ replicas: 3 }), { manager: 'b' });
    expect((entry(second, 'a')?.['fieldsV1'] as Json)['f:spec']).toMatchObject({ 'f:replicas': {} });
    expect((entry(second, 'b')?.['fieldsV1'] as Json)['f:spec']).toMatchObject({ 'f:replicas': {} });
  });

  it('lists every conflict by manager, and names appliers without a version', () => {
    const first = apply(undefined, manifest({ replicas: 3 }), { manager: 'alpha' });
    const edited = update(
      first,
      (object) => {
        (containers(object)[0] as Json)['image'] = 'nginx:edited';
      },
      'kubectl-edit',
    );
    const error = applyError(edited, manifest({ replicas: 1, image: 'nginx:mine' }), { manager: 'beta' });
    expect(error.message).toBe(
      [
        'Apply failed with 2 conflicts: conflicts with "alpha":',
        '- .spec.replicas',
        'conflicts with "kubectl-edit" using apps/v1:',
        '- .spec.template.spec.containers[name="web"].image',
      ].join('\n'),
    );
    expect(error.causes.map((cause) => cause.field)).toEqual([
      '.spec.replicas',
      '.spec.template.spec.containers[name="web"].image',
    ]);
  });

  it('moves the field to the applier when forced', () => {
    const scaled = update(
      apply(undefined, manifest({ replicas: 3 })),
      (object) => {
        spec(object)['replicas'] = 10;
      },
      'autoscaler',
    );
    expect(entry(scaled, 'autoscaler')).toBeDefined();
    const forced = apply(scaled, manifest({ replicas: 2 }), { force: true, now: at(9) });
    expect(spec(forced)['replicas']).toBe(2);
    expect(entry(forced, 'autoscaler')).toBeUndefined();
    expect((entry(forced, 'kubectl')?.['fieldsV1'] as Json)['f:spec']).toMatchObject({ 'f:replicas': {} });
  });

  it('gives the fields of an object that has no managedFields to before-first-apply', () => {
    const live = manifest({ replicas: 3 });
    const error = applyError(live, manifest({ replicas: 4 }), { manager: 'tool' });
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    );
    const object = apply(live, manifest({ replicas: 3 }), { manager: 'tool', now: at(2) });
    expect(entries(object).map((item) => [item['manager'], item['operation']])).toEqual([
      ['tool', 'Apply'],
      ['before-first-apply', 'Update'],
    ]);
  });

  it('lets kubectl take over from client-side apply the fields still as last applied, and keeps the annotation current', () => {
    const clientApplied = manifest({ replicas: 3, image: 'nginx:1' });
    (clientApplied['metadata'] as Json)['annotations'] = { [lastAppliedAnnotation]: JSON.stringify(clientApplied) };
    const live = updateManagedFields(undefined, clientApplied, 'kubectl-client-side-apply', at(0), 'apps/v1');
    const serverApplied = manifest({ replicas: 3, image: 'nginx:2' });
    const object = apply(live, serverApplied, { now: at(3) });
    expect(containers(object)[0]?.['image']).toBe('nginx:2');
    const annotation = ((object['metadata'] as Json)['annotations'] as Json)[lastAppliedAnnotation] as string;
    expect(JSON.parse(annotation)).toEqual(serverApplied);
    expect(((entry(object, 'kubectl')?.['fieldsV1'] as Json)['f:spec'] as Json)['f:replicas']).toEqual({});
  });

  it('still conflicts for kubectl on a field changed since the last client-side apply', () => {
    const clientApplied = manifest({ replicas: 3 });
    (clientApplied['metadata'] as Json)['annotations'] = { [lastAppliedAnnotation]: JSON.stringify(clientApplied) };
    const created = updateManagedFields(undefined, clientApplied, 'kubectl-client-side-apply', at(0), 'apps/v1');
    const scaled = update(
      created,
      (object) => {
        spec(object)['replicas'] = 6;
      },
      'kubectl-scale',
    );
    const error = applyError(scaled, manifest({ replicas: 4 }));
    expect(error.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-scale" using apps/v1: .spec.replicas',
    );
  });
});

describe('server-side apply: refused configurations', () => {
  const refusals: { name: string; applied: Json; options?: Partial<ApplyOptions>; code: string; message: string }[] = [
    {
      name: 'another apiVersion',
      applied: { ...manifest(), apiVersion: 'apps/v1beta1' },
      code: 'invalid-patch',
      message: 'Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1',
    },
    {
      name: 'another kind',
      applied: { ...manifest(), kind: 'StatefulSet' },
      code: 'invalid-patch',
      message: 'the applied configuration is a StatefulSet, not a Deployment',
    },
    {
      name: 'managedFields in the configuration',
      applied: { ...manifest(), metadata: { name: 'web', managedFields: [] } },
      code: 'invalid-patch',
      message: 'metadata.managedFields must be nil',
    },
    {
      name: 'two containers of one name',
      applied: manifest({ containers: [{ name: 'web' }, { name: 'web', image: 'x' }] }),
      code: 'invalid-patch',
      message:
        'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: duplicate entries for key [name="web"]',
    },
    {
      name: 'a container without its name',
      applied: manifest({ containers: [{ image: 'x' }] }),
      code: 'invalid-patch',
      message:
        '.spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    },
    {
      name: 'a kind Orca does not serve',
      applied: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      options: { kind: 'Widget', apiVersion: 'example.com/v1' },
      code: 'unsupported',
      message: 'server-side apply does not support kind Widget',
    },
  ];

  it.each(refusals)('refuses $name', ({ applied, options, code, message }) => {
    const error = applyError(undefined, applied, options);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('changes neither the live object nor the configuration', () => {
    const live = apply(undefined, manifest({ replicas: 1, labels: { a: 'b' } }));
    const liveCopy = structuredClone(live);
    const applied = manifest({ replicas: 2 });
    const appliedCopy = structuredClone(applied);
    apply(live, applied);
    expect(live).toEqual(liveCopy);
    expect(applied).toEqual(appliedCopy);
  });
});

describe('updateManagedFields: ownership of writes that are not applies', () => {
  it('gives a create all its fields, with Update entries marking nodes it added', () => {
    const object = updateManagedFields(
      undefined,
      manifest({ replicas: 1, labels: { app: 'web' } }),
      'kubectl-create',
      at(0),
      'apps/v1',
    );
    expect(entries(object)).toHaveLength(1);
    expect(entry(object, 'kubectl-create')).toMatchObject({
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: at(0),
      fieldsType: 'FieldsV1',
    });
    expect((entry(object, 'kubectl-create')?.['fieldsV1'] as Json)['f:metadata']).toEqual({
      'f:labels': { '.': {}, 'f:app': {} },
    });
  });

  it('moves a changed field to the writer and keeps the rest with its owner', () => {
    const created = updateManagedFields(undefined, manifest({ replicas: 1 }), 'kubectl-create', at(0), 'apps/v1');
    const edited = update(
      created,
      (object) => {
        (containers(object)[0] as Json)['image'] = 'nginx:2';
      },
      'kubectl-edit',
      4,
    );
    expect(entries(edited).map((item) => item['manager'])).toEqual(['kubectl-create', 'kubectl-edit']);
    const editFields = entry(edited, 'kubectl-edit')?.['fieldsV1'];
    expect(editFields).toEqual({
      'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } } },
    });
    const createContainer = (
      (
        (((entry(edited, 'kubectl-create')?.['fieldsV1'] as Json)['f:spec'] as Json)['f:template'] as Json)[
          'f:spec'
        ] as Json
      )['f:containers'] as Json
    )['k:{"name":"web"}'] as Json;
    expect(createContainer['f:image']).toBeUndefined();
    expect(createContainer['f:name']).toEqual({});
  });

  it('records nothing for a write that changes no owned field, and never owns status', () => {
    const created = updateManagedFields(undefined, manifest(), 'kubectl-create', at(0), 'apps/v1');
    const statusWrite = update(
      created,
      (object) => {
        object['status'] = { replicas: 1 };
      },
      'kube-controller-manager',
    );
    expect(entries(statusWrite).map((item) => item['manager'])).toEqual(['kubectl-create']);
  });

  it('leaves an object that exists without managedFields untracked, and clears them on request', () => {
    const untracked = manifest({ replicas: 1 });
    expect(
      update(untracked, (object) => (spec(object)['replicas'] = 2), 'kubectl-edit')['metadata'],
    ).not.toHaveProperty('managedFields');
    const tracked = updateManagedFields(undefined, manifest(), 'kubectl-create', at(0), 'apps/v1');
    const reset = update(
      tracked,
      (object) => {
        (object['metadata'] as Json)['managedFields'] = [];
      },
      'kubectl-edit',
    );
    expect(reset['metadata']).not.toHaveProperty('managedFields');
  });

  it('takes the managedFields a request carries (how kubectl moves client-side fields to server-side apply)', () => {
    const created = updateManagedFields(
      undefined,
      manifest({ replicas: 1 }),
      'kubectl-client-side-apply',
      at(0),
      'apps/v1',
    );
    const moved = structuredClone(created);
    const [only] = entries(moved);
    if (only === undefined) throw new Error('no entry');
    only['manager'] = 'kubectl';
    only['operation'] = 'Apply';
    const object = updateManagedFields(created, moved, 'kubectl', at(1), 'apps/v1');
    expect(entries(object).map((item) => [item['manager'], item['operation']])).toEqual([['kubectl', 'Apply']]);
  });

  it('keeps at most ten updaters, merging the oldest into ancient-changes', () => {
    let object = updateManagedFields(undefined, manifest(), 'creator', at(0), 'apps/v1');
    for (let index = 1; index <= 11; index++) {
      object = update(
        object,
        (next) => {
          ((next['metadata'] as Json)['labels'] ??= {}) as Json;
          ((next['metadata'] as Json)['labels'] as Json)[`l${index}`] = 'x';
        },
        `writer-${index}`,
        index,
      );
    }
    const managers = entries(object).map((item) => item['manager']);
    expect(managers).toHaveLength(10);
    expect(managers[0]).toBe('ancient-changes');
    expect(managers).not.toContain('creator');
    expect(managers).not.toContain('writer-1');
    expect(managers).not.toContain('writer-2');
    expect(managers).toContain('writer-11');
  });
});
