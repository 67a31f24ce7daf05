/**
 * The rule core as plain functions, for callers that hold whole models
 * (tests, tools). The ServiceProxy keeps a ProxyRuleSet instead, so that an
 * incremental sync costs what changed, not what exists.
 */
import type { Endpoints, Service } from '../../api/index.js';
import { defaultShards, deleteAllTablesLines } from './proxy-tables.js';
import { ProxyRuleSet } from './rule-set.js';
import type { RuleOptions } from './rule-options.js';
import { buildServiceModel, type ServiceModel } from './service-model.js';

/** Models for every Service that needs rules, keyed namespace/name. */
export function buildProxyModel(
  services: Iterable<Service>,
  endpointsOf: (namespace: string, name: string) => Endpoints | undefined,
  options: RuleOptions,
): Map<string, ServiceModel> {
  const models = new Map<string, ServiceModel>();
  for (const service of services) {
    const namespace = service.metadata?.namespace ?? '';
    const name = service.metadata?.name ?? '';
    const model = buildServiceModel(service, endpointsOf(namespace, name), options);
    if (model !== undefined) models.set(model.key, model);
  }
  return models;
}

/** One transaction that (re)creates the base table and every shard, whether or not they exist. */
export function renderFullSync(
  tableName: string,
  models: ReadonlyMap<string, ServiceModel>,
  shards = defaultShards,
): string {
  const rules = new ProxyRuleSet(tableName, shards);
  for (const [key, model] of models) rules.update(key, model);
  return rules.renderFull();
}

/** One transaction taking tables programmed from `previous` to `next`; '' when they agree. */
export function renderIncremental(
  tableName: string,
  previous: ReadonlyMap<string, ServiceModel>,
  next: ReadonlyMap<string, ServiceModel>,
  shards = defaultShards,
): string {
  const rules = new ProxyRuleSet(tableName, shards);
  for (const [key, model] of previous) rules.update(key, model);
  rules.renderFull();
  for (const key of previous.keys()) if (!next.has(key)) rules.update(key, undefined);
  for (const [key, model] of next) rules.update(key, model);
  return rules.renderIncremental();
}

/**
 * Removes the base table and every shard (of any count up to shardsMax) that
 * exists: adding each first makes each delete valid.
 */
export function renderDeleteTables(tableName: string): string {
  return deleteAllTablesLines(tableName).join('\n') + '\n';
}
