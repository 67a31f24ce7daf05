/**
 * The rule core as plain functions, for callers that hold whole models
 * (tests, tools). The ServiceProxy keeps a ProxyRuleSet instead, so that an
 * incremental sync costs what changed, not what exists.
 */
import type { Endpoints, Service } from '../../api/index.js';
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

/** One transaction that (re)creates the whole table, whether or not it exists. */
export function renderFullSync(tableName: string, models: ReadonlyMap<string, ServiceModel>): string {
  const rules = new ProxyRuleSet(tableName);
  for (const [key, model] of models) rules.update(key, model);
  return rules.renderFull();
}

/** One transaction taking a table programmed from `previous` to `next`; '' when they agree. */
export function renderIncremental(
  tableName: string,
  previous: ReadonlyMap<string, ServiceModel>,
  next: ReadonlyMap<string, ServiceModel>,
): string {
  const rules = new ProxyRuleSet(tableName);
  for (const [key, model] of previous) rules.update(key, model);
  rules.renderFull();
  for (const key of previous.keys()) if (!next.has(key)) rules.update(key, undefined);
  for (const [key, model] of next) rules.update(key, model);
  return rules.renderIncremental();
}

/** Removes the table if it exists (adding an empty one first makes the delete always valid). */
export function renderDeleteTable(tableName: string): string {
  return `add table ip ${tableName}\ndelete table ip ${tableName}\n`;
}
