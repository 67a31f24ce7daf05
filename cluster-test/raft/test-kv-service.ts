/**
 * raft.v1.TestKv over one RaftNode and its KvFsm: writes through the leader,
 * linearizable reads by read index, and status for the harness.
 */
import { createHash } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { loadProtoPackage } from '../../src/gen/loader.js';
import type { ProtoGrpcType } from '../../src/gen/testkv.js';
import type { TestKvHandlers } from '../../src/gen/raft/v1/TestKv.js';
import { isRaftError, type RaftError } from '../../src/raft/errors.js';
import type { RaftNode } from '../../src/raft/node.js';
import { encodeKvCommand, type KvFsm } from '../../src/raft/testing/kv-fsm.js';

export const leaderAddressKey = 'leader-address';

/** Map raft errors to gRPC statuses; the leader's address travels in the trailer. */
function toServiceError(error: unknown): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  if (!isRaftError(error)) {
    return Object.assign(new Error(String(error)), { code: grpc.status.INTERNAL, details: String(error), metadata });
  }
  const raftError: RaftError = error;
  if (raftError.leader !== null && raftError.leader.address !== '')
    metadata.set(leaderAddressKey, raftError.leader.address);
  const codes: Partial<Record<RaftError['code'], grpc.status>> = {
    'not-leader': grpc.status.FAILED_PRECONDITION,
    'leadership-lost': grpc.status.UNAVAILABLE,
    'leadership-transfer-in-progress': grpc.status.UNAVAILABLE,
    timeout: grpc.status.DEADLINE_EXCEEDED,
    shutdown: grpc.status.UNAVAILABLE,
    'too-large': grpc.status.RESOURCE_EXHAUSTED,
  };
  const code = codes[raftError.code] ?? grpc.status.INTERNAL;
  return Object.assign(new Error(raftError.message), {
    code,
    details: `${raftError.code}: ${raftError.message}`,
    metadata,
  });
}

export function stateDigest(fsm: KvFsm): string {
  const hash = createHash('sha256');
  for (const [key, value] of fsm.entries()) hash.update(key).update('\0').update(value).update('\n');
  return hash.digest('hex').slice(0, 16);
}

export function serveTestKv(server: grpc.Server, node: RaftNode, fsm: KvFsm): void {
  const proto = loadProtoPackage('raft/v1/testkv.proto') as unknown as ProtoGrpcType;
  const handlers: TestKvHandlers = {
    Put(call, callback) {
      node
        .apply(encodeKvCommand({ op: 'put', key: call.request.key, value: call.request.value }), { timeoutMs: 5000 })
        .then(() => callback(null, { index: node.appliedIndex }))
        .catch((error: unknown) => callback(toServiceError(error)));
    },
    Get(call, callback) {
      const answer = (readIndex: number): void => {
        const value = fsm.get(call.request.key);
        callback(null, { found: value !== null, value: value ?? '', readIndex });
      };
      if (call.request.stale) {
        answer(node.appliedIndex);
        return;
      }
      node
        .readIndex({ timeoutMs: 5000 })
        .then(answer)
        .catch((error: unknown) => callback(toServiceError(error)));
    },
    Status(_call, callback) {
      const stats = node.stats();
      callback(null, {
        id: stats.id,
        role: stats.role,
        term: stats.term,
        leaderId: stats.leader?.id ?? '',
        leaderAddress: stats.leader?.address ?? '',
        commitIndex: stats.commitIndex,
        appliedIndex: stats.appliedIndex,
        lastLogIndex: stats.lastLogIndex,
        keys: fsm.size,
        stateDigest: stateDigest(fsm),
      });
    },
  };
  server.addService(proto.raft.v1.TestKv.service, handlers);
}
