// What the browser downloads, per route, and the budget for the first page (issue 10).
//
//   node scripts/size.mjs [DIST] [--routes-only]     (DIST defaults to pwa/dist)
//
// Reads the build: index.html names the entry chunk; each chunk's static imports (`import … from
// "./x.js"`) are fetched with it, its dynamic import()s only when asked for. A route's JS is the
// entry and everything it imports statically (the home page, search and the guide are in there),
// plus, for a page of its own chunk (src/app.tsx: page(() => import('./pages/…'))), that chunk, what
// it imports, and the catalogue part "rest". Sizes are gzip -9 (as the build's .gz copies; the .br
// ones are smaller still). Exits 1 when the home route's initial JS is over HOME_BUDGET_KB.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, gzipSync } from 'node:zlib'

export const HOME_BUDGET_KB = 60
const PWA = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const routesOnly = args.includes('--routes-only')
const dist = resolve(args.find((a) => !a.startsWith('--')) ?? join(PWA, 'dist'))

const kb = (n) => (n / 1024).toFixed(1).padStart(6) + ' kB'
const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]))
const sizes = new Map()
function size(rel) {
  if (!sizes.has(rel)) {
    const buf = readFileSync(join(dist, rel))
    sizes.set(rel, { raw: buf.length, gz: gzipSync(buf, { level: 9 }).length, br: brotliCompressSync(buf).length })
  }
  return sizes.get(rel)
}
const sum = (files, k) => [...files].reduce((s, f) => s + size(f)[k], 0)

// ---- the chunk graph ----------------------------------------------------------------------------
const STATIC = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]*?\s*from\s*)?["'](\.\/[^"']+\.js)["']/g
const DYNAMIC = /import\(\s*["'](\.\/[^"']+\.js)["']\s*\)/g
const graph = new Map()
function chunk(rel) {
  if (!graph.has(rel)) {
    const code = readFileSync(join(dist, rel), 'utf8')
    const dir = rel.slice(0, rel.lastIndexOf('/') + 1)
    const norm = (m) => dir + m[1].slice(2)
    graph.set(rel, { imports: [...code.matchAll(STATIC)].map(norm), dynamic: [...code.matchAll(DYNAMIC)].map(norm) })
  }
  return graph.get(rel)
}
function closure(roots) {
  const seen = new Set()
  const todo = [...roots]
  while (todo.length) {
    const f = todo.pop()
    if (seen.has(f)) continue
    seen.add(f)
    todo.push(...chunk(f).imports)
  }
  return seen
}

const html = readFileSync(join(dist, 'index.html'), 'utf8')
const entry = /<script type="module"[^>]*\ssrc="\/([^"]+)"/.exec(html)?.[1]
if (!entry) {
  console.error(`size: no module script in ${join(dist, 'index.html')}`)
  process.exit(2)
}
const boot = /<script src="\/([^"]+)"><\/script>/.exec(html)?.[1]
const initial = closure([entry])
const lazyChunks = [...initial].flatMap((f) => chunk(f).dynamic)
const part = (lang, p) => lazyChunks.find((f) => basename(f).startsWith(`_tb-i18n_${lang}-${p}-`))

// ---- pages of their own chunk, by route (from src/app.tsx) --------------------------------------
function routeTable() {
  const app = join(PWA, 'src', 'app.tsx')
  if (!existsSync(app)) return []
  const src = readFileSync(app, 'utf8')
  const modules = new Map() // component const -> module base name
  for (const m of src.matchAll(/const (\w+) = page\(\(\) => import\('\.\/([^']+)'\)/g)) modules.set(m[1], basename(m[2]))
  const byModule = new Map()
  for (const m of src.matchAll(/<Route (?:path="([^"]+)"|default) component=\{(\w+)\}/g)) {
    const mod = modules.get(m[2])
    if (!mod) continue
    if (!byModule.has(mod)) byModule.set(mod, [])
    byModule.get(mod).push(m[1] ?? '(not found)')
  }
  return [...byModule].map(([mod, routes]) => ({ mod, routes, file: lazyChunks.find((f) => basename(f).startsWith(`${mod}-`)) }))
}

// ---- report --------------------------------------------------------------------------------------
if (!routesOnly) {
  const rows = walk(dist)
    .filter((f) => /\.(js|css|html)$/.test(f))
    .map((f) => f.slice(dist.length + 1))
    .sort((a, b) => size(b).gz - size(a).gz)
  for (const r of rows.slice(0, 12)) console.log(`${kb(size(r).raw)} ${kb(size(r).gz)} gz  ${r}`)
  if (rows.length > 12) console.log(`  … and ${rows.length - 12} smaller files`)
  const app = rows.filter((r) => r.startsWith('assets/'))
  console.log(`app JS+CSS, every chunk: ${kb(sum(app, 'raw'))} raw, ${kb(sum(app, 'gz'))} gzipped (${app.length} files)\n`)
}

const home = sum(initial, 'gz') + (boot ? size(boot).gz : 0)
const css = [...html.matchAll(/<link rel="stylesheet"[^>]*href="\/([^"]+)"/g)].map((m) => m[1])
console.log(`JS per route, gzip -9 (brotli), before the page is usable:`)
console.log(`  /, /search, /matters/:code   ${kb(home)} (${kb(sum(initial, 'br') + (boot ? size(boot).br : 0))} br)  ` +
  `${initial.size} chunk(s) + boot script; CSS ${kb(sum(css, 'gz'))}`)
for (const lang of ['zh_Hant', 'en']) {
  const f = part(lang, 'core')
  if (f) console.log(`    in ${lang.padEnd(7)}               +${kb(size(f).gz)}  ${basename(f)}`)
}
const rest = part('zh_Hans', 'rest')
const restGz = rest ? size(rest).gz : 0
const pages = routeTable()
  .filter((p) => p.file)
  .map((p) => {
    const extra = [...closure([p.file])].filter((f) => !initial.has(f))
    return { ...p, extra: sum(extra, 'gz') + restGz }
  })
  .sort((a, b) => b.extra - a.extra)
console.log(`  other pages (own chunk + what it imports + the catalogue's rest ${kb(restGz).trim()}), on top of the above:`)
for (const p of pages) console.log(`    +${kb(p.extra)}  ${p.routes.join(' ')}`)

const budget = HOME_BUDGET_KB * 1024
if (home > budget) {
  console.error(`\nFAIL: the home route loads ${kb(home).trim()} of JS (gzip), over the budget of ${HOME_BUDGET_KB} kB. ` +
    `Load the new code with the page that needs it (src/app.tsx: page(() => import(…))).`)
  process.exit(1)
}
console.log(`home route JS ${kb(home).trim()} ≤ ${HOME_BUDGET_KB} kB budget: ok`)
