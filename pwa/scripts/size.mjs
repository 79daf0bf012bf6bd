// Print the gzipped size of what the browser downloads for the app shell.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const walk = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]))
const rows = walk(dist)
  .filter((f) => /\.(js|css|html)$/.test(f))
  .map((f) => {
    const buf = readFileSync(f)
    return { file: f.slice(dist.length), raw: buf.length, gz: gzipSync(buf, { level: 9 }).length }
  })
  .sort((a, b) => b.gz - a.gz)
const kb = (n) => (n / 1024).toFixed(1).padStart(7) + ' kB'
for (const r of rows) console.log(`${kb(r.raw)} ${kb(r.gz)} gz  ${r.file}`)
const app = rows.filter((r) => r.file.startsWith('assets/'))
console.log(`app JS+CSS: ${kb(app.reduce((s, r) => s + r.raw, 0))} raw, ${kb(app.reduce((s, r) => s + r.gz, 0))} gzipped`)
