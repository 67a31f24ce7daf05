import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kinds } from '../../api/index.js';
import { kubernetesFieldName } from '../../api/field-names.js';
import { messageSchema } from '../../api/schema.js';
import { fieldDescriptions, messageDescriptions } from './descriptions.js';
import {
  openApiV2,
  openApiV2Document,
  openApiV3,
  openApiV3Document,
  openApiV3GroupVersions,
  openApiV3Index,
  openApiV3IndexDocument,
  patchMeta,
} from './index.js';
import { definitionName, groupVersionOf, groupVersionPath } from './names.js';
import { parseProtoComments, protoComments } from './proto-comments.js';
import { requiredFields } from './required-fields.js';

type Json = Record<string, unknown>;

function object(value: unknown): Json {
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  return value as Json;
}

/** Every `$ref` string anywhere in a document. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (typeof value === 'object' && value !== null)
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else refs(child, found);
    }
  return found;
}

function v2Definitions(): Json {
  return object(openApiV2()['definitions']);
}

function v3Schemas(groupVersion: string): Json {
  return object(object(openApiV3(groupVersion)?.['components'])['schemas']);
}

function property(definition: unknown, name: string): Json {
  return object(object(object(definition)['properties'])[name]);
}

function gvkOfKind(info: (typeof kinds)[number], kind: string = info.kind): Json {
  const { group, version } = groupVersionOf(info);
  return { group, kind, version };
}

describe('the OpenAPI documents', () => {
  it('are JSON whose every $ref resolves within its own document', () => {
    const v2 = object(JSON.parse(openApiV2Document().json));
    expect(v2['swagger']).toBe('2.0');
    const definitions = object(v2['definitions']);
    for (const ref of refs(v2)) {
      expect(ref.startsWith('#/definitions/')).toBe(true);
      expect(definitions[ref.slice('#/definitions/'.length)], ref).toBeDefined();
    }
    expect(openApiV3GroupVersions().length).toBeGreaterThan(1);
    for (const groupVersion of openApiV3GroupVersions()) {
      const v3 = object(JSON.parse(openApiV3Document(groupVersion)?.json ?? 'null'));
      expect(v3['openapi']).toBe('3.0.0');
      const schemas = object(object(v3['components'])['schemas']);
      for (const ref of refs(v3)) {
        expect(ref.startsWith('#/components/schemas/')).toBe(true);
        expect(schemas[ref.slice('#/components/schemas/'.length)], `${groupVersion}: ${ref}`).toBeDefined();
      }
    }
  });

  it('give every kind and its List a definition with its group, version and kind, in v2 and in its v3 document', () => {
    for (const info of kinds) {
      const name = definitionName(info.messageName);
      const list = name.replace(/[^.]+$/, `${info.kind}List`);
      const groupVersion = groupVersionPath(groupVersionOf(info));
      for (const definitions of [v2Definitions(), v3Schemas(groupVersion)]) {
        expect(object(definitions[name])['x-kubernetes-group-version-kind'], name).toEqual([gvkOfKind(info)]);
        expect(object(definitions[list])['x-kubernetes-group-version-kind']).toEqual([
          gvkOfKind(info, `${info.kind}List`),
        ]);
      }
    }
    expect(object(v2Definitions()['io.k8s.api.core.v1.Pod'])['x-kubernetes-group-version-kind']).toEqual([
      { group: '', kind: 'Pod', version: 'v1' },
    ]);
    expect(v3Schemas('apis/apps/v1')['io.k8s.api.apps.v1.Deployment']).toBeDefined();
  });

  it('name definitions as Kubernetes does: shared messages under core, a group’s own under it, metadata under apimachinery', () => {
    expect(definitionName('PodTemplateSpec')).toBe('io.k8s.api.core.v1.PodTemplateSpec');
    expect(definitionName('PersistentVolumeClaimSpec')).toBe('io.k8s.api.core.v1.PersistentVolumeClaimSpec');
    expect(definitionName('DeploymentStrategy')).toBe('io.k8s.api.apps.v1.DeploymentStrategy');
    expect(definitionName('JobTemplateSpec')).toBe('io.k8s.api.batch.v1.JobTemplateSpec');
    expect(definitionName('PolicyRule')).toBe('io.k8s.api.rbac.v1.PolicyRule');
    expect(definitionName('IngressClassSpec')).toBe('io.k8s.api.networking.v1.IngressClassSpec');
    expect(definitionName('ObjectMeta')).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    expect(definitionName('LabelSelector')).toBe('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector');
    expect(definitionName('ObjectReference')).toBe('io.k8s.api.core.v1.ObjectReference');
    const podStatus = v2Definitions()['io.k8s.api.core.v1.PodStatus'];
    expect(object(property(podStatus, 'conditions')['items'])['$ref']).toBe(
      '#/definitions/io.k8s.api.core.v1.PodCondition',
    );
    const serviceStatus = v2Definitions()['io.k8s.api.core.v1.ServiceStatus'];
    expect(object(property(serviceStatus, 'conditions')['items'])['$ref']).toBe(
      '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Condition',
    );
  });

  it('describe exactly the fields strict decoding accepts, by their Kubernetes names', () => {
    for (const info of [
      ...kinds.map((entry) => entry.messageName),
      'PodSpec',
      'Container',
      'PodStatus',
      'ObjectMeta',
    ]) {
      const definition = object(v2Definitions()[definitionName(info)]);
      const expected = messageSchema(info).fields.map((field) => kubernetesFieldName(field.name));
      expect(Object.keys(object(definition['properties'])), info).toEqual(expected);
    }
    expect(property(v2Definitions()['io.k8s.api.core.v1.PodStatus'], 'podIP')).toMatchObject({ type: 'string' });
  });

  it('carry the strategic merge keys of the Pod in v2, and the list types too in v3', () => {
    const v2 = v2Definitions();
    expect(property(v2['io.k8s.api.core.v1.PodSpec'], 'containers')).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(property(v2['io.k8s.api.core.v1.PodSpec'], 'volumes')).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge,retainKeys',
    });
    expect(property(v2['io.k8s.api.core.v1.Container'], 'ports')['x-kubernetes-patch-merge-key']).toBe('containerPort');
    expect(property(v2['io.k8s.api.core.v1.Container'], 'env')['x-kubernetes-patch-merge-key']).toBe('name');
    expect(property(v2['io.k8s.api.core.v1.Container'], 'volumeMounts')['x-kubernetes-patch-merge-key']).toBe(
      'mountPath',
    );
    expect(property(v2['io.k8s.api.core.v1.ServiceSpec'], 'ports')['x-kubernetes-patch-merge-key']).toBe('port');
    expect(property(v2['io.k8s.api.core.v1.PodStatus'], 'conditions')['x-kubernetes-patch-merge-key']).toBe('type');
    const v3 = v3Schemas('api/v1');
    expect(property(v3['io.k8s.api.core.v1.PodSpec'], 'containers')).toMatchObject({
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
      'x-kubernetes-patch-merge-key': 'name',
    });
    expect(property(v3['io.k8s.api.core.v1.Container'], 'ports')['x-kubernetes-list-map-keys']).toEqual([
      'containerPort',
      'protocol',
    ]);
    expect(
      property(v3['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'], 'finalizers')['x-kubernetes-list-type'],
    ).toBe('set');
    // a described reference keeps its extensions beside the allOf that v3 wraps it in
    expect(property(v3Schemas('apis/apps/v1')['io.k8s.api.apps.v1.DeploymentSpec'], 'strategy')).toMatchObject({
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy' }],
      'x-kubernetes-patch-strategy': 'retainKeys',
    });
  });

  it('mark required only what Kubernetes marks required', () => {
    const v2 = v2Definitions();
    expect(object(v2['io.k8s.api.core.v1.PodSpec'])['required']).toEqual(['containers']);
    expect(object(v2['io.k8s.api.core.v1.Container'])['required']).toEqual(['name']);
    expect(object(v2['io.k8s.api.apps.v1.DeploymentSpec'])['required']).toEqual(['selector', 'template']);
    expect(object(v2['io.k8s.api.core.v1.Pod'])['required']).toBeUndefined();
    expect(object(v2['io.k8s.api.core.v1.PodCondition'])['required']).toEqual(['type', 'status']);
  });

  it('take descriptions from the proto comments of messages and fields', () => {
    const v2 = v2Definitions();
    const comments = protoComments();
    const restartPolicy = messageSchema('Container').byName.get('restartPolicy');
    expect(comments.get('Container')?.fields.get(restartPolicy?.number ?? -1)).toBe(
      'Only "Always", on an init container: a sidecar.',
    );
    expect(property(v2['io.k8s.api.core.v1.Container'], 'restartPolicy')['description']).toBe(
      'Only "Always", on an init container: a sidecar.',
    );
    expect(property(v2['io.k8s.api.apps.v1.DeploymentStrategy'], 'type')['description']).toBe(
      'RollingUpdate, Recreate.',
    );
    expect(object(v2['io.k8s.api.rbac.v1.Role'])['description']).toBe('The permissions of a namespace.');
    expect(property(v2['io.k8s.api.apps.v1.DeploymentSpec'], 'replicas')['description']).toBe(
      'The number of pods wanted. Defaults to 1.',
    );
    // every definition says what it is
    for (const [name, definition] of Object.entries(v2)) expect(object(definition)['description'], name).toBeDefined();
  });

  it('type quantities, timestamps and int-or-strings as Kubernetes does, in each version', () => {
    const v2 = v2Definitions();
    const v3 = v3Schemas('api/v1');
    const quantity = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
    expect(
      object(property(v2['io.k8s.api.core.v1.ResourceRequirements'], 'limits')['additionalProperties'])['$ref'],
    ).toBe(`#/definitions/${quantity}`);
    expect(object(v2[quantity])['type']).toBe('string');
    expect(object(v3[quantity])['oneOf']).toEqual([{ type: 'string' }, { type: 'number' }]);
    expect(property(v2['io.k8s.api.core.v1.EmptyDirVolumeSource'], 'sizeLimit')['$ref']).toBe(
      `#/definitions/${quantity}`,
    );
    const time = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
    expect(property(v2['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'], 'creationTimestamp')['$ref']).toBe(
      `#/definitions/${time}`,
    );
    expect(object(v3[time])).toMatchObject({ type: 'string', format: 'date-time' });
    const intOrString = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
    expect(property(v3['io.k8s.api.core.v1.ServicePort'], 'targetPort')['allOf']).toEqual([
      { $ref: `#/components/schemas/${intOrString}` },
    ]);
    expect(object(v2[intOrString])).toMatchObject({ type: 'string', format: 'int-or-string' });
    expect(object(v3[intOrString])['format']).toBe('int-or-string');
    expect(object(property(v2['io.k8s.api.core.v1.Secret'], 'data')['additionalProperties'])['format']).toBe('byte');
  });

  it('give each kind the paths kubectl searches, with the GVK on their operations and fieldValidation on PATCH', () => {
    for (const info of kinds) {
      const groupVersion = groupVersionPath(groupVersionOf(info));
      const paths = object(openApiV3(groupVersion)?.['paths']);
      const collection = info.namespaced
        ? `/${groupVersion}/namespaces/{namespace}/${info.plural}`
        : `/${groupVersion}/${info.plural}`;
      const list = object(object(paths[collection])['get']);
      expect(list['x-kubernetes-action']).toBe('list');
      expect(list['x-kubernetes-group-version-kind']).toEqual(gvkOfKind(info));
      const patch = object(object(paths[`${collection}/{name}`])['patch']);
      expect(patch['x-kubernetes-group-version-kind']).toEqual(gvkOfKind(info));
      const parameters = patch['parameters'] as Json[];
      expect(parameters.map((parameter) => parameter['name'])).toContain('fieldValidation');
      expect(object(object(patch['requestBody'])['content'])['application/strategic-merge-patch+json']).toBeDefined();
      expect(object(openApiV2()['paths'])[collection]).toBeDefined();
    }
    const v2Paths = object(openApiV2()['paths']);
    const scale = object(object(v2Paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'])['put']);
    expect(scale['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', kind: 'Scale', version: 'v1' });
    expect(v2Paths['/api/v1/namespaces/{namespace}/pods/{name}/eviction']).toBeDefined();
    expect(v2Paths['/api/v1/pods']).toBeDefined();
  });

  it('include Status, DeleteOptions, WatchEvent, Scale and Eviction', () => {
    const v2 = v2Definitions();
    expect(object(v2['io.k8s.apimachinery.pkg.apis.meta.v1.Status'])['x-kubernetes-group-version-kind']).toContainEqual(
      {
        group: '',
        kind: 'Status',
        version: 'v1',
      },
    );
    expect(v2['io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta']).toBeDefined();
    expect(v2['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions']).toBeDefined();
    expect(object(v2['io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent'])['required']).toEqual(['type', 'object']);
    expect(object(v2['io.k8s.api.autoscaling.v1.Scale'])['x-kubernetes-group-version-kind']).toEqual([
      { group: 'autoscaling', kind: 'Scale', version: 'v1' },
    ]);
    expect(object(v2['io.k8s.api.policy.v1.Eviction'])['x-kubernetes-group-version-kind']).toEqual([
      { group: 'policy', kind: 'Eviction', version: 'v1' },
    ]);
    expect(v3Schemas('apis/apps/v1')['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
    expect(v3Schemas('api/v1')['io.k8s.api.policy.v1.Eviction']).toBeDefined();
  });

  it('index each group version document under the hash of its body, and keep both stable', () => {
    const index = object(openApiV3Index()['paths']);
    expect(Object.keys(index).sort()).toEqual([...openApiV3GroupVersions()].sort());
    expect(Object.keys(index)).toContain('api/v1');
    expect(Object.keys(index)).toContain('apis/rbac.authorization.k8s.io/v1');
    for (const groupVersion of openApiV3GroupVersions()) {
      const document = openApiV3Document(groupVersion);
      const hash = createHash('sha256')
        .update(document?.json ?? '')
        .digest('hex')
        .toUpperCase();
      expect(document?.hash).toBe(hash);
      expect(document?.etag).toBe(`"${hash}"`);
      expect(object(index[groupVersion])['serverRelativeURL']).toBe(`/openapi/v3/${groupVersion}?hash=${hash}`);
    }
    expect(openApiV3IndexDocument().json).toBe(JSON.stringify(openApiV3Index()));
    expect(openApiV2Document()).toBe(openApiV2Document());
    expect(openApiV3('apis/apps/v1')).toBe(openApiV3('apis/apps/v1'));
    expect(openApiV3('apis/unknown.example.com/v1')).toBeUndefined();
    expect(openApiV3('apps/v1')).toBeUndefined();
  });

  it('are frozen: one caller cannot change what the next is served', () => {
    const paths = object(openApiV3Index()['paths']);
    expect(() => {
      paths['api/v1'] = {};
    }).toThrow(TypeError);
    expect(Object.isFrozen(v2Definitions()['io.k8s.api.core.v1.PodSpec'])).toBe(true);
  });
});

describe('the tables of the documents', () => {
  /** Kubernetes field names of a message. */
  function fieldsOf(message: string): string[] {
    return messageSchema(message).fields.map((field) => kubernetesFieldName(field.name));
  }

  it('name only messages and fields that exist', () => {
    for (const message of Object.keys(messageDescriptions)) expect(() => messageSchema(message), message).not.toThrow();
    for (const key of Object.keys(fieldDescriptions)) {
      const [message = '', field = ''] = key.split('.');
      expect(fieldsOf(message), key).toContain(field);
    }
    for (const [message, fields] of Object.entries(patchMeta))
      for (const field of Object.keys(fields)) expect(fieldsOf(message), `${message}.${field}`).toContain(field);
    for (const [message, fields] of Object.entries(requiredFields))
      for (const field of fields) expect(fieldsOf(message), `${message}.${field}`).toContain(field);
  });

  it('give a merge key only to lists, and keys their items have', () => {
    for (const [message, fields] of Object.entries(patchMeta))
      for (const [field, meta] of Object.entries(fields)) {
        const schema = messageSchema(message).fields.find((entry) => kubernetesFieldName(entry.name) === field);
        if (meta.patchStrategy === 'retainKeys') continue;
        expect(schema?.repeated, `${message}.${field}`).toBe(true);
        if (meta.patchMergeKey !== undefined && schema?.message !== undefined)
          expect(fieldsOf(schema.message)).toContain(meta.patchMergeKey);
      }
  });
});

describe('the proto comment reader', () => {
  const text = [
    'syntax = "proto3";',
    '',
    '// ---- a section, detached by the blank line ----',
    '',
    '// A thing.',
    '// On two lines.',
    'message Thing {',
    '  // Its name.',
    '  string name = 1;',
    '',
    '  repeated string tags = 2;',
    '  // The kind of value:',
    '  //',
    '  // one or the other.',
    '  oneof value {',
    '    // A number.',
    '    int32 number = 3;',
    '    map<string, string> labels = 4;',
    '  }',
    '}',
    '',
    'message Bare {',
    '  optional int64 count = 7 [json_name = "count"];',
    '}',
  ].join('\n');

  it('attaches a run of comment lines to the message or field right below it, by field number', () => {
    const comments = parseProtoComments(text, 'test.proto');
    const thing = comments.get('Thing');
    expect(thing?.comment).toBe('A thing. On two lines.');
    expect(thing?.file).toBe('test.proto');
    expect(thing?.fields.get(1)).toBe('Its name.');
    expect(thing?.fields.has(2)).toBe(false);
    expect(thing?.fields.get(3)).toBe('A number.');
    expect(comments.get('Bare')?.comment).toBeUndefined();
    expect(comments.get('Bare')?.fields.size).toBe(0);
  });

  it('keeps paragraphs and drops a comment that a blank line separates from everything', () => {
    const comments = parseProtoComments(
      '// Detached.\n\nmessage A {\n  // First.\n  //\n  // Second.\n  string b = 1;\n}\n',
      'a.proto',
    );
    expect(comments.get('A')?.comment).toBeUndefined();
    expect(comments.get('A')?.fields.get(1)).toBe('First.\n\nSecond.');
  });
});
