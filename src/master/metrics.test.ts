import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { MasterMetrics, type MasterGaugeValues } from './metrics.js';

const idle: MasterGaugeValues = {
  term: 0,
  commitIndex: 0,
  appliedIndex: 0,
  lastIndex: 0,
  leaderChanges: 0,
  isLeader: false,
  watchers: 0,
};

/** The value of one sample line, e.g. `orca_raft_term 3` or `name{labels} 2`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('MasterMetrics', () => {
  it('reads the Raft and watch gauges from the callback at every scrape', async () => {
    let values: MasterGaugeValues = {
      term: 3,
      commitIndex: 120,
      appliedIndex: 118,
      lastIndex: 121,
      leaderChanges: 2,
      isLeader: true,
      watchers: 5,
    };
    const metrics = new MasterMetrics({ gauges: () => values, processMetrics: false });
    let text = await metrics.render();
    expect(sample(text, 'orca_raft_term')).toBe(3);
    expect(sample(text, 'orca_raft_commit_index')).toBe(120);
    expect(sample(text, 'orca_raft_applied_index')).toBe(118);
    expect(sample(text, 'orca_raft_last_index')).toBe(121);
    expect(sample(text, 'orca_raft_leader_changes_total')).toBe(2);
    expect(sample(text, 'orca_raft_is_leader')).toBe(1);
    expect(sample(text, 'orca_watchers')).toBe(5);
    expect(text).toContain('# TYPE orca_raft_leader_changes_total counter');

    values = { ...values, term: 4, leaderChanges: 3, isLeader: false, watchers: 0 };
    text = await metrics.render();
    expect(sample(text, 'orca_raft_term')).toBe(4);
    expect(sample(text, 'orca_raft_leader_changes_total')).toBe(3);
    expect(sample(text, 'orca_raft_is_leader')).toBe(0);
    expect(sample(text, 'orca_watchers')).toBe(0);
  });

  it('counts API requests and their latency per method and gRPC code', async () => {
    const metrics = new MasterMetrics({ gauges: () => idle, processMetrics: false });
    metrics.observeRequest('ObjectService/Create', status.OK, 0.002);
    metrics.observeRequest('ObjectService/Create', 'OK', 0.004);
    metrics.observeRequest('ObjectService/Create', status.ABORTED, 0.003);
    metrics.observeRequest('ObjectService/Get', status.NOT_FOUND, 0.0001);
    const text = await metrics.render();
    expect(sample(text, 'orca_api_requests_total{method="ObjectService/Create",code="OK"}')).toBe(2);
    expect(sample(text, 'orca_api_requests_total{method="ObjectService/Create",code="ABORTED"}')).toBe(1);
    expect(sample(text, 'orca_api_requests_total{method="ObjectService/Get",code="NOT_FOUND"}')).toBe(1);
    expect(sample(text, 'orca_api_request_duration_seconds_count{method="ObjectService/Create",code="OK"}')).toBe(2);
    expect(sample(text, 'orca_api_request_duration_seconds_sum{method="ObjectService/Create",code="OK"}')).toBeCloseTo(
      0.006,
      9,
    );
    expect(
      sample(text, 'orca_api_request_duration_seconds_bucket{le="0.0025",method="ObjectService/Create",code="OK"}'),
    ).toBe(1);
    expect(
      sample(text, 'orca_api_request_duration_seconds_bucket{le="0.005",method="ObjectService/Create",code="OK"}'),
    ).toBe(2);
  });

  it('records proposal latency', async () => {
    const metrics = new MasterMetrics({ gauges: () => idle, processMetrics: false });
    metrics.observeProposal(0.004);
    metrics.observeProposal(0.2);
    const text = await metrics.render();
    expect(sample(text, 'orca_raft_proposal_duration_seconds_count')).toBe(2);
    expect(sample(text, 'orca_raft_proposal_duration_seconds_bucket{le="0.005"}')).toBe(1);
    expect(sample(text, 'orca_raft_proposal_duration_seconds_bucket{le="+Inf"}')).toBe(2);
  });

  it('bounds the number of request series', async () => {
    const metrics = new MasterMetrics({ gauges: () => idle, processMetrics: false, requestSeriesMax: 2 });
    for (const method of ['a', 'b', 'c', 'd']) metrics.observeRequest(method, 0, 0.001);
    const text = await metrics.render();
    expect(sample(text, 'orca_api_requests_total{method="a",code="OK"}')).toBe(1);
    expect(sample(text, 'orca_api_requests_total{method="b",code="OK"}')).toBe(1);
    expect(sample(text, 'orca_api_requests_total{method="other",code="OK"}')).toBe(2);
    expect(text).not.toContain('method="c"');
  });

  it('lets several masters live in one process, each with its own numbers and process metrics', async () => {
    const first = new MasterMetrics({ gauges: () => ({ ...idle, term: 1 }) });
    const second = new MasterMetrics({ gauges: () => ({ ...idle, term: 2 }) });
    first.observeProposal(0.01);
    const [firstText, secondText] = await Promise.all([first.render(), second.render()]);
    expect(sample(firstText, 'orca_raft_term')).toBe(1);
    expect(sample(secondText, 'orca_raft_term')).toBe(2);
    expect(sample(firstText, 'orca_raft_proposal_duration_seconds_count')).toBe(1);
    expect(sample(secondText, 'orca_raft_proposal_duration_seconds_count')).toBe(0);
    expect(secondText).toContain('orca_process_resident_memory_bytes');
    expect(first.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('refuses bad options and observations with the field named', () => {
    expect(() => new MasterMetrics({ gauges: () => idle, requestSeriesMax: 0 })).toThrow(
      'requestSeriesMax: must be an integer',
    );
    const metrics = new MasterMetrics({ gauges: () => idle, processMetrics: false });
    expect(() => metrics.observeProposal(-1)).toThrow('seconds: must be a finite number');
    expect(() => metrics.observeRequest('Get', 0, Number.NaN)).toThrow('seconds: must be a finite number');
  });
});
