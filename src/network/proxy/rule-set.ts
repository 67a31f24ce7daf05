/**
 * The desired contents of the proxy's tables, kept per Service, and the nft
 * scripts that bring the kernel there: a full one (replace every table in one
 * transaction) and an incremental one (only what changed since the last
 * script, also one transaction). Pure: it never talks to nft; it assumes each
 * script it hands out is applied, and a caller whose script failed asks for a
 * full one next.
 *
 * A Service's chains, sets and dispatch elements go to its shard table; its
 * no-endpoint verdicts go to the base table (see base-rules.ts). An
 * incremental script therefore touches the shards of the changed Services and,
 * when a Service gains or loses all endpoints, the small base table.
 *
 * Map elements are claimed by Services. Two Services claiming one key (the
 * same ClusterIP·port or NodePort, which the allocator should never allow)
 * would make nft refuse the whole transaction, or, in two shards, leave it to
 * chance which one answers, so the Service whose key sorts first wins and the
 * other is reported by `conflicts()`.
 */
import {
  baseTableChains,
  baseTableMaps,
  mapInBaseTable,
  proxyMaps,
  shardTableChains,
  shardTableMaps,
  type BaseChain,
} from './base-rules.js';
import { assertNetwork } from '../network-error.js';
import { defaultShards, deleteAllTablesLines, shardOf, shardTableName, shardsMax } from './proxy-tables.js';
import type { MapElement, ProxyMapName, ServiceModel } from './service-model.js';

/** Elements per `add element` line: keeps a line short enough for nft's parser buffers. */
const elementsPerLine = 500;

/** Element lists keyed `table\u0000map`. */
type ElementLists = Map<string, string[]>;

interface ScriptParts {
  readonly deleteElements: ElementLists;
  readonly addSets: string[];
  readonly addChains: string[];
  readonly fillChains: string[];
  readonly flushRemovedChains: string[];
  readonly deleteChains: string[];
  readonly deleteSets: string[];
  readonly addElements: ElementLists;
}

interface Programmed {
  readonly verdict: string;
  /** `ip <table>` the element is in. */
  readonly table: string;
}

export class ProxyRuleSet {
  private readonly models = new Map<string, ServiceModel>();
  /** element id (map + key) → claimant Service key → verdict. */
  private readonly claims = new Map<string, Map<string, string>>();
  /** element id → verdict and table as of the last script handed out. */
  private readonly programmed = new Map<string, Programmed>();
  /** chain or set name → the Service that owns it. */
  private readonly owners = new Map<string, string>();
  /** Service key → its model as of the last script (undefined: it had none). */
  private readonly dirtyServices = new Map<string, ServiceModel | undefined>();
  private readonly dirtyElements = new Set<string>();
  private readonly baseTable: string;
  private readonly shardTables: readonly string[];

  constructor(
    readonly tableName: string,
    readonly shards: number = defaultShards,
  ) {
    assertNetwork(
      Number.isInteger(shards) && shards >= 1 && shards <= shardsMax,
      `shards must be an integer in 1..${shardsMax}`,
    );
    this.baseTable = `ip ${tableName}`;
    this.shardTables = Array.from({ length: shards }, (_, shard) => `ip ${shardTableName(tableName, shard)}`);
  }

  get serviceCount(): number {
    return this.models.size;
  }

  has(key: string): boolean {
    return this.models.has(key);
  }

  keys(): IterableIterator<string> {
    return this.models.keys();
  }

  model(key: string): ServiceModel | undefined {
    return this.models.get(key);
  }

  /** `ip <table>` holding the chains and sets of the Service `key`. */
  tableOf(key: string): string {
    return this.shardTables[shardOf(key, this.shards)] ?? this.baseTable;
  }

  /** Sets the model of one Service (undefined: it needs no rules). */
  update(key: string, next: ServiceModel | undefined): void {
    const previous = this.models.get(key);
    if (previous === next) return;
    assertNetwork(next === undefined || next.key === key, `model for ${next?.key ?? ''} stored under ${key}`);
    if (!this.dirtyServices.has(key)) this.dirtyServices.set(key, previous);
    if (previous !== undefined) this.release(previous);
    if (next === undefined) {
      this.models.delete(key);
      return;
    }
    this.claim(next);
    this.models.set(key, next);
  }

  /** Element keys claimed by more than one Service, with the claimants. */
  conflicts(): { readonly element: string; readonly services: readonly string[] }[] {
    const found: { element: string; services: string[] }[] = [];
    for (const [element, claimants] of this.claims) {
      if (claimants.size > 1)
        found.push({ element: element.replace('\u0000', ' '), services: [...claimants.keys()].sort() });
    }
    return found;
  }

  /**
   * The script that replaces every table (creating each if absent, and
   * removing shards of other counts a previous run left); afterwards nothing
   * is pending.
   */
  renderFull(): string {
    const lines = deleteAllTablesLines(this.tableName);
    lines.push(`add table ${this.baseTable}`, ...this.shardTables.map((table) => `add table ${table}`));
    const fixed: [string, readonly BaseChain[]][] = [
      [this.baseTable, baseTableChains],
      ...this.shardTables.map((table): [string, readonly BaseChain[]] => [table, shardTableChains]),
    ];
    for (const [table, chains] of fixed)
      for (const chain of chains)
        lines.push(`add chain ${table} ${chain.name}${chain.hook === '' ? '' : ` ${chain.hook}`}`);
    for (const map of baseTableMaps) lines.push(`add map ${this.baseTable} ${map.name} { type ${map.type}; }`);
    for (const table of this.shardTables)
      for (const map of shardTableMaps) lines.push(`add map ${table} ${map.name} { type ${map.type}; }`);
    for (const model of this.models.values()) {
      const table = this.tableOf(model.key);
      for (const [name, timeout] of model.sets) lines.push(addSetLine(table, name, timeout));
      for (const name of model.chains.keys()) lines.push(`add chain ${table} ${name}`);
    }
    for (const [table, chains] of fixed)
      for (const chain of chains) for (const rule of chain.rules) lines.push(`add rule ${table} ${chain.name} ${rule}`);
    for (const model of this.models.values()) {
      const table = this.tableOf(model.key);
      for (const [name, rules] of model.chains)
        for (const rule of rules) lines.push(`add rule ${table} ${name} ${rule}`);
    }
    this.programmed.clear();
    const elements: ElementLists = new Map();
    for (const id of this.claims.keys()) {
      const desired = this.desired(id);
      if (desired === undefined) continue;
      this.programmed.set(id, desired);
      const [map, key] = splitElementId(id);
      pushTo(elements, listKey(desired.table, map), `${key} : ${desired.verdict}`);
    }
    lines.push(...elementLines('add', elements));
    this.dirtyServices.clear();
    this.dirtyElements.clear();
    return lines.join('\n') + '\n';
  }

  /** The script for what changed since the last script; '' when nothing did. */
  renderIncremental(): string {
    const parts: ScriptParts = {
      deleteElements: new Map(),
      addSets: [],
      addChains: [],
      fillChains: [],
      flushRemovedChains: [],
      deleteChains: [],
      deleteSets: [],
      addElements: new Map(),
    };
    for (const [key, before] of this.dirtyServices) diffObjects(this.tableOf(key), before, this.models.get(key), parts);
    for (const id of this.dirtyElements) this.diffElement(id, parts);
    this.dirtyServices.clear();
    this.dirtyElements.clear();
    // order matters inside the transaction: nothing may be deleted while still
    // referenced, nothing referenced before it exists
    const lines = [
      ...elementLines('delete', parts.deleteElements),
      ...parts.addSets,
      ...parts.addChains,
      ...parts.fillChains,
      ...parts.flushRemovedChains,
      ...parts.deleteChains,
      ...parts.deleteSets,
      ...elementLines('add', parts.addElements),
    ];
    return lines.length === 0 ? '' : lines.join('\n') + '\n';
  }

  private diffElement(id: string, parts: ScriptParts): void {
    const desired = this.desired(id);
    const current = this.programmed.get(id);
    if (desired?.verdict === current?.verdict && desired?.table === current?.table) return;
    const [map, key] = splitElementId(id);
    if (current !== undefined) {
      pushTo(parts.deleteElements, listKey(current.table, map), key);
      this.programmed.delete(id);
    }
    if (desired !== undefined) {
      pushTo(parts.addElements, listKey(desired.table, map), `${key} : ${desired.verdict}`);
      this.programmed.set(id, desired);
    }
  }

  /** The winning claim of an element (first Service by key) and the table it belongs in. */
  private desired(id: string): Programmed | undefined {
    const claimants = this.claims.get(id);
    if (claimants === undefined) return undefined;
    let best: string | undefined;
    for (const service of claimants.keys()) if (best === undefined || service < best) best = service;
    const verdict = best === undefined ? undefined : claimants.get(best);
    if (best === undefined || verdict === undefined) return undefined;
    const [map] = splitElementId(id);
    return { verdict, table: mapInBaseTable(map) ? this.baseTable : this.tableOf(best) };
  }

  private claim(model: ServiceModel): void {
    for (const name of [...model.chains.keys(), ...model.sets.keys()]) {
      const owner = this.owners.get(name);
      assertNetwork(
        owner === undefined || owner === model.key,
        `object ${name} of ${model.key} is owned by ${owner ?? ''}`,
      );
      this.owners.set(name, model.key);
    }
    for (const element of model.elements) {
      const id = elementId(element);
      let claimants = this.claims.get(id);
      if (claimants === undefined) {
        claimants = new Map();
        this.claims.set(id, claimants);
      }
      claimants.set(model.key, element.verdict);
      this.dirtyElements.add(id);
    }
  }

  private release(model: ServiceModel): void {
    for (const name of [...model.chains.keys(), ...model.sets.keys()]) this.owners.delete(name);
    for (const element of model.elements) {
      const id = elementId(element);
      const claimants = this.claims.get(id);
      claimants?.delete(model.key);
      if (claimants?.size === 0) this.claims.delete(id);
      this.dirtyElements.add(id);
    }
  }
}

function diffObjects(
  table: string,
  before: ServiceModel | undefined,
  after: ServiceModel | undefined,
  parts: ScriptParts,
): void {
  const beforeChains = before?.chains ?? new Map<string, readonly string[]>();
  const afterChains = after?.chains ?? new Map<string, readonly string[]>();
  for (const [name, timeout] of after?.sets ?? []) {
    if (!(before?.sets.has(name) ?? false)) parts.addSets.push(addSetLine(table, name, timeout));
  }
  for (const [name, rules] of afterChains) {
    const old = beforeChains.get(name);
    if (old === undefined) parts.addChains.push(`add chain ${table} ${name}`);
    else if (sameRules(old, rules)) continue;
    else parts.fillChains.push(`flush chain ${table} ${name}`);
    for (const rule of rules) parts.fillChains.push(`add rule ${table} ${name} ${rule}`);
  }
  for (const name of beforeChains.keys()) {
    if (afterChains.has(name)) continue;
    // flushed first so that chains deleted together no longer reference each other
    parts.flushRemovedChains.push(`flush chain ${table} ${name}`);
    parts.deleteChains.push(`delete chain ${table} ${name}`);
  }
  for (const name of before?.sets.keys() ?? []) {
    if (!(after?.sets.has(name) ?? false)) parts.deleteSets.push(`delete set ${table} ${name}`);
  }
}

function sameRules(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((rule, index) => rule === b[index]);
}

function addSetLine(table: string, name: string, timeoutSeconds: number): string {
  return `add set ${table} ${name} { type ipv4_addr; flags dynamic,timeout; timeout ${timeoutSeconds}s; }`;
}

function elementId(element: MapElement): string {
  return `${element.map}\u0000${element.key}`;
}

function splitElementId(id: string): [ProxyMapName, string] {
  const at = id.indexOf('\u0000');
  return [id.slice(0, at) as ProxyMapName, id.slice(at + 1)];
}

function listKey(table: string, map: ProxyMapName): string {
  return `${table}\u0000${map}`;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** `add|delete element` lines, map by map (in proxyMaps order), table by table, at most elementsPerLine each. */
function elementLines(verb: 'add' | 'delete', elements: ElementLists): string[] {
  const lines: string[] = [];
  for (const map of proxyMaps) {
    for (const [listId, list] of elements) {
      const [table, name] = listId.split('\u0000');
      if (name !== map.name) continue;
      for (let start = 0; start < list.length; start += elementsPerLine) {
        lines.push(
          `${verb} element ${table ?? ''} ${map.name} { ${list.slice(start, start + elementsPerLine).join(', ')} }`,
        );
      }
    }
  }
  return lines;
}
