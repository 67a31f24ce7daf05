/**
 * One query in, one response out (or nothing, for packets not worth an
 * answer), whatever the transport: decode, resolve or forward, encode within
 * the transport's size. Counts every response by rcode.
 */
import { RECURSION_DESIRED, TRUNCATED_RESPONSE, decode, encode, type Answer, type DecodedPacket } from 'dns-packet';
import type { ResolverConfig } from './dns-config.js';
import type { DnsLookup } from './dns-index.js';
import type { UpstreamForwarder } from './forwarder.js';
import { failure, type AnswerResolution, type DnsRcode } from './records.js';
import { resolve } from './resolver.js';
import {
  encodeWithin,
  headerBytes,
  headerOnlyResponse,
  isKnownRcode,
  isResponse,
  opcodeOf,
  rcodeOf,
  responsePacket,
  udpLimitBytes,
} from './wire.js';

export type Transport = 'udp' | 'tcp';

export interface DnsStats {
  /** Responses sent, by rcode name ('NOERROR', 'NXDOMAIN', …), forwarded ones included. */
  readonly responses: Readonly<Record<string, number>>;
  /** Queries relayed to an upstream (whatever came back). */
  readonly forwarded: number;
  /** UDP responses cut to fit, with TC set. */
  readonly truncated: number;
  /** Packets not answered: responses, runts, oversized. */
  readonly dropped: number;
}

export interface QueryHandlerOptions {
  readonly lookup: DnsLookup;
  readonly config: ResolverConfig;
  readonly forwarder: UpstreamForwarder;
  readonly udpPayloadBytesMax: number;
  readonly queryBytesMax: number;
}

const tcpMessageBytesMax = 65_535;
const queryOpcode = 0;
/** CNAMEs followed for one answer at most (ExternalName → ExternalName → …), as CoreDNS bounds its own. */
export const cnameChainMax = 8;

export class QueryHandler {
  private readonly responses = new Map<string, number>();
  private forwarded = 0;
  private truncated = 0;
  private dropped = 0;

  constructor(private readonly options: QueryHandlerOptions) {}

  stats(): DnsStats {
    return {
      responses: Object.fromEntries(this.responses),
      forwarded: this.forwarded,
      truncated: this.truncated,
      dropped: this.dropped,
    };
  }

  /** Counts a packet the transport refused before it reached `handle` (too big, too many connections). */
  drop(): void {
    this.dropped += 1;
  }

  async handle(raw: Buffer, transport: Transport): Promise<Buffer | undefined> {
    // an id is needed to answer at all; a response is never answered (no loops)
    if (raw.length < 2 || raw.length > this.options.queryBytesMax || (raw.length >= 3 && isResponse(raw))) {
      this.dropped += 1;
      return undefined;
    }
    if (raw.length < headerBytes) return this.count(headerOnlyResponse(raw, 'FORMERR'));
    if (opcodeOf(raw) !== queryOpcode) return this.count(headerOnlyResponse(raw, 'NOTIMP'));
    let query: DecodedPacket;
    try {
      query = decode(raw);
    } catch {
      return this.count(headerOnlyResponse(raw, 'FORMERR'));
    }
    const question = query.questions?.[0];
    if (question === undefined || query.questions?.length !== 1) return this.count(headerOnlyResponse(raw, 'FORMERR'));
    const resolution = resolve(
      { name: question.name, type: question.type, class: question.class ?? 'IN' },
      this.options.lookup,
      this.options.config,
    );
    if (resolution.kind === 'answer')
      return this.count(this.encode(query, raw, await this.chased(resolution, question.type, transport), transport));
    return this.count(await this.relay(query, raw, transport));
  }

  /**
   * An ExternalName's CNAME comes with what its target resolves to, as
   * CoreDNS's kubernetes plugin looks its targets up: stub resolvers (glibc,
   * musl, busybox) do not chase a CNAME themselves. Targets inside the cluster
   * domain are answered here; others are asked of the upstreams.
   */
  private async chased(resolution: AnswerResolution, type: string, transport: Transport): Promise<AnswerResolution> {
    if (type === 'CNAME' || type === 'ANY' || resolution.rcode !== 'NOERROR') return resolution;
    const answers: Answer[] = [...resolution.answers];
    for (let depth = 0; depth < cnameChainMax; depth += 1) {
      const last = answers[answers.length - 1];
      if (last === undefined || last.type !== 'CNAME' || typeof last.data !== 'string') break;
      const next = await this.lookupTarget(last.data, type, transport);
      if (next.length === 0) break;
      answers.push(...next);
    }
    return { ...resolution, answers };
  }

  private async lookupTarget(name: string, type: string, transport: Transport): Promise<Answer[]> {
    const local = resolve({ name, type, class: 'IN' }, this.options.lookup, this.options.config);
    if (local.kind === 'answer') return local.rcode === 'NOERROR' ? [...local.answers] : [];
    const query = encode({
      type: 'query',
      id: 0,
      flags: RECURSION_DESIRED,
      questions: [{ name, type: type as 'A', class: 'IN' }],
    });
    this.forwarded += 1;
    const result = await this.options.forwarder.forward(query, { overTcp: transport === 'tcp' });
    if (result.kind !== 'answer') return [];
    try {
      return (decode(result.response).answers ?? []) as Answer[];
    } catch {
      return [];
    }
  }

  private async relay(query: DecodedPacket, raw: Buffer, transport: Transport): Promise<Buffer> {
    this.forwarded += 1;
    const result = await this.options.forwarder.forward(raw, { overTcp: transport === 'tcp' });
    if (result.kind !== 'answer') {
      const rcode: DnsRcode = result.kind === 'refused' ? 'REFUSED' : 'SERVFAIL';
      return this.encode(query, raw, failure(rcode), transport, false);
    }
    const limit = this.limitBytes(query, transport);
    if (result.response.length <= limit) return result.response;
    // bigger than this client takes (an upstream that ignored its EDNS size): the question and TC only
    const rcode = rcodeOf(result.response);
    return this.encode(query, raw, failure(isKnownRcode(rcode) ? rcode : 'SERVFAIL'), transport, false, true);
  }

  private limitBytes(query: DecodedPacket, transport: Transport): number {
    return transport === 'tcp' ? tcpMessageBytesMax : udpLimitBytes(query, this.options.udpPayloadBytesMax);
  }

  private encode(
    query: DecodedPacket,
    raw: Buffer,
    resolution: AnswerResolution,
    transport: Transport,
    authoritative = true,
    forceTruncated = false,
  ): Buffer {
    const packet = responsePacket(query, raw, { ...resolution, authoritative }, this.options.udpPayloadBytesMax);
    if (forceTruncated) packet.flags = (packet.flags ?? 0) | TRUNCATED_RESPONSE;
    const encoded = encodeWithin(packet, this.limitBytes(query, transport));
    if (encoded.truncated || forceTruncated) this.truncated += 1;
    return encoded.message;
  }

  private count(response: Buffer): Buffer {
    const rcode = rcodeOf(response);
    this.responses.set(rcode, (this.responses.get(rcode) ?? 0) + 1);
    return response;
  }
}
