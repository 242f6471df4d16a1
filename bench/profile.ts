/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went:
 * self time by component (each npm package, each product file, Node's own
 * modules, GC), and the heaviest functions. Native frames (better-sqlite3's
 * statement calls, crypto bindings) count toward the component that called
 * them, marked "(native)".
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  /** Wall time the profile covers, and the share that was not idle. */
  totalMs: number;
  busyMs: number;
  components: { name: string; ms: number; share: number }[];
  functions: { name: string; component: string; ms: number; share: number }[];
}

function component(url: string, functionName: string, parent: string): string {
  // Kysely's SQLite driver calls better-sqlite3's native stmt.all/stmt.run from executeQuery: V8 books
  // SQLite's own execution as that function's self time, so it is named for what it is.
  if (functionName === 'executeQuery' && url.includes('dialect/sqlite/sqlite-driver')) return 'SQLite executing statements (native, under kysely executeQuery)';
  if (functionName === '(garbage collector)') return 'V8 garbage collector';
  if (functionName === '(program)') return 'V8/Node internals (program)';
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(root)') return '(root)';
  if (!url) return parent.endsWith('(native)') || parent.startsWith('(') ? parent : `${parent} (native)`;
  const clean = url.replace(/^file:\/\//, '');
  const modules = clean.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = clean.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? 'node_modules');
  }
  const product = /\/src\/(server|shared)\/(.+)\.js$/.exec(clean);
  if (product) return `product: ${product[1]}/${product[2]}`;
  if (clean.startsWith('node:')) {
    const name = clean.replace(/^node:(internal\/)?/, '').split('/')[0]!.replace(/^_/, '');
    if (/^http|^_http/.test(name)) return 'node:http';
    if (/stream/.test(name)) return 'node:stream';
    return `node:${name}`;
  }
  return clean;
}

/** `skipFirstMs`: leave out the profile's first milliseconds (start-up, warm-up). */
export function summarizeProfile(file: string, top = 15, skipFirstMs = 0): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let elapsedUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    elapsedUs += profile.timeDeltas[i] ?? 0;
    if (elapsedUs < skipFirstMs * 1000) continue;
    // timeDeltas[i + 1] is the time spent in sample i (until the next sample).
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, delta));
  }
  const componentOf = new Map<number, string>();
  const root = profile.nodes[0];
  const stack: { id: number; parent: string }[] = root ? [{ id: root.id, parent: '(root)' }] : [];
  while (stack.length > 0) {
    const { id, parent } = stack.pop()!;
    const node = byId.get(id);
    if (!node) continue;
    const name = component(node.callFrame.url, node.callFrame.functionName, parent);
    componentOf.set(id, name);
    for (const child of node.children ?? []) stack.push({ id: child, parent: name === '(root)' ? 'V8/Node internals (program)' : name });
  }
  const components = new Map<string, number>();
  const functions = new Map<string, { component: string; us: number }>();
  let idleUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    totalUs += us;
    const node = byId.get(id)!;
    const name = componentOf.get(id) ?? '?';
    if (name === '(idle)') {
      idleUs += us;
      continue;
    }
    components.set(name, (components.get(name) ?? 0) + us);
    const frame = node.callFrame;
    const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules|build\/bench)\//, '')}:${frame.lineNumber + 1}` : 'native';
    const key = `${frame.functionName || '(anonymous)'} (${where})`;
    const entry = functions.get(key) ?? { component: name, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const busyUs = totalUs - idleUs;
  const share = (us: number) => (busyUs > 0 ? us / busyUs : 0);
  return {
    file,
    totalMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    components: [...components.entries()]
      .map(([name, us]) => ({ name, ms: us / 1000, share: share(us) }))
      .sort((a, b) => b.ms - a.ms),
    functions: [...functions.entries()]
      .map(([name, { component: c, us }]) => ({ name, component: c, ms: us / 1000, share: share(us) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
  };
}

/** Components grouped coarsely, for a one-line answer to "where does the time go". */
export function coarseShares(summary: ProfileSummary): Record<string, number> {
  const groups: Record<string, number> = {};
  for (const c of summary.components) {
    const group = c.name.startsWith('SQLite executing')
      ? 'SQLite executing statements (native)'
      : c.name.startsWith('better-sqlite3')
      ? 'SQLite preparing statements (better-sqlite3 prepare, native)'
      : c.name.startsWith('kysely')
        ? 'Kysely (query building/compiling)'
        : c.name.startsWith('product')
          ? 'product code (services, routes)'
          : /fastify|find-my-way|avvio|light-my-request|fast-json-stringify|ajv|@fastify|fast-uri|secure-json-parse|toad-cache|abstract-logging|pino/.test(c.name)
            ? 'Fastify (routing, validation, serialization, hooks)'
            : c.name.startsWith('otpauth')
              ? 'otpauth (TOTP)'
              : c.name.startsWith('node:http') || c.name.startsWith('node:net') || c.name.startsWith('node:stream')
                ? 'Node HTTP/net/streams'
                : c.name.startsWith('node:crypto') || /crypto/.test(c.name)
                  ? 'Node crypto'
                  : c.name === 'V8 garbage collector'
                    ? 'garbage collection'
                    : 'other (V8/Node internals, timers, microtasks)';
    groups[group] = (groups[group] ?? 0) + c.share;
  }
  return groups;
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node profile.js <file.cpuprofile>');
    process.exit(2);
  }
  const summary = summarizeProfile(file);
  console.log(JSON.stringify({ ...summary, coarse: coarseShares(summary) }, null, 2));
}
