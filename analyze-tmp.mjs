import { readFileSync } from 'node:fs';

const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const self = new Map();
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const dt = p.timeDeltas;
const counts = new Map();
p.samples.forEach((s, i) => counts.set(s, (counts.get(s) || 0) + (dt[i] || 0)));
let total = 0;
for (const [id, t] of counts) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const key = `${cf.functionName || '(anon)'} ${cf.url.split('/').slice(-3).join('/')}:${cf.lineNumber}`;
  self.set(key, (self.get(key) || 0) + t);
  total += t;
}
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 35);
for (const [k, t] of top)
  console.log((t / 1000).toFixed(0).padStart(7), 'ms', ((100 * t) / total).toFixed(1).padStart(5) + '%', k);
console.log('total', (total / 1000).toFixed(0));
// inclusive by url
const parent = new Map();
for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
const incl = new Map();
for (const [id, t] of counts) {
  let cur = id;
  const seen = new Set();
  while (cur !== undefined) {
    const n = byId.get(cur);
    const u =
      n.callFrame.url.split('/node_modules/')[1]?.split('/')[0] ||
      n.callFrame.url.split('/').slice(-2).join('/');
    if (!seen.has(u)) {
      incl.set(u, (incl.get(u) || 0) + t);
      seen.add(u);
    }
    cur = parent.get(cur);
  }
}
console.log('--- inclusive by module');
for (const [k, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log((t / 1000).toFixed(0).padStart(7), 'ms', k);
