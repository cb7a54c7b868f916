#!/usr/bin/env node
// Reports import cycles among src/**/*.ts: static `import`/`export … from` lines, `import type`
// included, and dynamic `import('…')` (they still tie the modules together). Exit code 1 on a cycle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'src');
const files = (dir) =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
const SPECIFIER = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
const graph = new Map();
for (const file of files(root)) {
  const text = readFileSync(file, 'utf8');
  const targets = [...text.matchAll(SPECIFIER)].map((m) =>
    resolve(dirname(file), (m[1] ?? m[2]).replace(/\.js$/, '.ts')),
  );
  graph.set(file, [...new Set(targets)]);
}
const state = new Map(); // 1: on the current path, 2: done
const cycles = [];
const visit = (file, path) => {
  state.set(file, 1);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 1) cycles.push([...path.slice(path.indexOf(next)), next]);
    else if (!state.has(next) && graph.has(next)) visit(next, [...path, next]);
  }
  state.set(file, 2);
};
for (const file of graph.keys()) if (!state.has(file)) visit(file, [file]);
for (const cycle of cycles) console.log(`cycle: ${cycle.map((f) => relative(root, f)).join(' -> ')}`);
console.log(`${graph.size} modules, ${cycles.length} cycle(s)`);
process.exit(cycles.length > 0 ? 1 : 0);
