// Checks the component boundaries of ARCHITECTURE.md on the resolved import
// graph (madge --json): which folder may import which. Exit 1 on a violation.
//   node cluster-test/tools/check-boundaries.mjs < graph.json
import { readFileSync } from 'node:fs';

/** For each component: the folders (prefixes under src/) it may import besides itself. */
const allowed = {
  'src/raft/': ['src/gen/raft/', 'src/gen/loader.ts'],
  // SPDY/3.1 framing for Kubernetes' streaming protocols: self-contained, like raft-ts.
  'src/spdy/': [],
  'src/api/': ['src/gen/', 'src/assert.ts'],
  'src/state/': ['src/api/', 'src/raft/', 'src/gen/', 'src/log/', 'src/assert.ts'],
  'src/client/': ['src/api/', 'src/gen/', 'src/log/', 'src/assert.ts'],
  'src/scheduler/': ['src/api/', 'src/client/', 'src/gen/', 'src/log/', 'src/assert.ts'],
  'src/controllers/': ['src/api/', 'src/client/', 'src/gen/', 'src/log/', 'src/assert.ts'],
  'src/worker/': ['src/api/', 'src/client/', 'src/gen/', 'src/log/', 'src/spdy/', 'src/assert.ts'],
  'src/cli/': ['src/api/', 'src/client/', 'src/gen/', 'src/log/', 'src/version.ts', 'src/assert.ts'],
  'src/ui/': ['src/api/', 'src/client/', 'src/gen/', 'src/log/', 'src/assert.ts'],
  'src/network/': ['src/api/', 'src/client/', 'src/gen/', 'src/log/', 'src/assert.ts'],
  // Pure decisions and crypto: the object model only.
  'src/auth/': ['src/api/', 'src/gen/', 'src/assert.ts'],
  // An adapter on the master's object core: the master's public surface only (src/master/index.ts), never its parts.
  'src/kube/': [
    'src/api/',
    'src/auth/',
    'src/master/index.ts',
    'src/gen/',
    'src/log/',
    'src/spdy/',
    'src/version.ts',
    'src/assert.ts',
  ],
  'src/master/': [
    'src/api/',
    'src/auth/',
    'src/state/',
    'src/raft/',
    'src/scheduler/',
    'src/controllers/',
    'src/client/',
    'src/gen/',
    'src/log/',
    'src/version.ts',
    'src/assert.ts',
  ],
  // The one entry point may use every component, and the test environment for `orca up`'s private containerd; nothing else.
  'cmd/': ['src/', 'cluster-test/env/'],
  'src/log/': [],
  'src/assert.ts': [],
  'src/gen/': ['src/gen/'],
};

const graph = JSON.parse(readFileSync(0, 'utf8'));
const violations = [];
for (const [file, imports] of Object.entries(graph)) {
  const owner = Object.keys(allowed).find((prefix) => file.startsWith(prefix));
  if (owner === undefined) continue;
  for (const target of imports) {
    const inRepository = ['src/', 'cmd/', 'cluster-test/'].some((prefix) => target.startsWith(prefix));
    if (!inRepository || target.startsWith(owner)) continue;
    // A test may start the real containers and namespaces the test environment provides.
    if (file.endsWith('.test.ts') && target.startsWith('cluster-test/env/')) continue;
    if (!allowed[owner].some((prefix) => target.startsWith(prefix))) violations.push(`${file} imports ${target}`);
  }
}
if (violations.length > 0) {
  console.error('component boundaries crossed (ARCHITECTURE.md):');
  for (const violation of violations) console.error('  ' + violation);
  process.exit(1);
}
console.log(`component boundaries hold (${Object.keys(graph).length} files)`);
