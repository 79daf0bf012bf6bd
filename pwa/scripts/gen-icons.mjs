// Draw the app icons (no external tools): a blue tile with two linked places and a ring,
// rasterised with 4×4 supersampling and written as PNG with node:zlib. Run: npm run gen:icons
import { deflateSync } from 'node:zlib'
import { writeFileSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const BLUE = [0x0b, 0x4f, 0x9c]
const WHITE = [0xff, 0xff, 0xff]
const YELLOW = [0xff, 0xd4, 0x00]

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

// Shapes in unit coordinates (0..1), centred; `s` shrinks the foreground for the maskable safe zone.
function colourAt(x, y, { maskable }) {
  const r = 0.18 // tile corner radius
  if (!maskable) {
    const cx = Math.min(Math.max(x, r), 1 - r)
    const cy = Math.min(Math.max(y, r), 1 - r)
    if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return null
  }
  const s = maskable ? 0.72 : 1
  const u = (x - 0.5) / s
  const v = (y - 0.5) / s
  const d = Math.hypot(u, v)
  if (d < 0.075) return YELLOW
  if (Math.hypot(u + 0.3, v) < 0.085 || Math.hypot(u - 0.3, v) < 0.085) return WHITE
  if (Math.abs(v) < 0.03 && Math.abs(u) < 0.3) return WHITE
  if (d > 0.3 && d < 0.36 && Math.abs(v) > 0.14) return WHITE
  return BLUE
}

function render(size, opts) {
  const N = 4
  const out = Buffer.alloc(size * size * 4)
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      let rr = 0, gg = 0, bb = 0, aa = 0
      for (let sy = 0; sy < N; sy++)
        for (let sx = 0; sx < N; sx++) {
          const c = colourAt((px + (sx + 0.5) / N) / size, (py + (sy + 0.5) / N) / size, opts)
          if (!c) continue
          rr += c[0]; gg += c[1]; bb += c[2]; aa++
        }
      const i = (py * size + px) * 4
      if (aa) out.set([Math.round(rr / aa), Math.round(gg / aa), Math.round(bb / aa), Math.round((aa / (N * N)) * 255)], i)
    }
  return png(size, out)
}

const pub = fileURLToPath(new URL('../public/', import.meta.url))
mkdirSync(pub + 'icons', { recursive: true })
const files = {
  'icons/icon-192.png': [192, { maskable: false }],
  'icons/icon-512.png': [512, { maskable: false }],
  'icons/maskable-512.png': [512, { maskable: true }],
  'apple-touch-icon.png': [180, { maskable: true }],
}
for (const [name, [size, opts]] of Object.entries(files)) {
  writeFileSync(pub + name, render(size, opts))
  console.log(`wrote public/${name}`)
}
