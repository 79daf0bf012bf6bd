// A small CBOR (RFC 8949) decoder for what our QR codes carry — integers, byte and text strings,
// arrays, maps, tags, true/false/null — and the two encoders COSE's Sig_structure needs. Definite
// lengths only (cbor2 writes no others); integers beyond 2^53 and any malformed input are
// Unreadable('cbor'). Like cbor2.loads, bytes after the first item are ignored and a repeated map key
// keeps its last value.
import { Unreadable } from './errors'

export class Tagged {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}
export type CborValue = number | string | boolean | null | undefined | Uint8Array | CborValue[] | Map<CborValue, CborValue> | Tagged

const MAX_DEPTH = 16
const utf8 = new TextDecoder('utf-8', { fatal: true })

export function decodeCbor(bytes: Uint8Array): CborValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let at = 0
  const bad = (): never => {
    throw new Unreadable('cbor')
  }
  const need = (n: number) => {
    if (n < 0 || at + n > bytes.length) bad()
  }
  const arg = (info: number): number => {
    if (info < 24) return info
    if (info === 24) return need(1), view.getUint8(at++)
    if (info === 25) return need(2), (at += 2), view.getUint16(at - 2)
    if (info === 26) return need(4), (at += 4), view.getUint32(at - 4)
    if (info === 27) {
      need(8)
      const hi = view.getUint32(at)
      const lo = view.getUint32(at + 4)
      at += 8
      if (hi >= 0x200000) bad() // > 2^53: not a safe integer
      return hi * 2 ** 32 + lo
    }
    return bad() // 28–30 reserved, 31 indefinite length
  }
  const item = (depth: number): CborValue => {
    if (depth > MAX_DEPTH) bad()
    need(1)
    const first = bytes[at++]!
    const major = first >> 5
    const info = first & 0x1f
    if (major === 7) {
      if (info === 20) return false
      if (info === 21) return true
      if (info === 22) return null
      if (info === 23) return undefined
      if (info === 25) return need(2), (at += 2), half(view.getUint16(at - 2))
      if (info === 26) return need(4), (at += 4), view.getFloat32(at - 4)
      if (info === 27) return need(8), (at += 8), view.getFloat64(at - 8)
      return bad()
    }
    const n = arg(info)
    switch (major) {
      case 0:
        return n
      case 1:
        return -1 - n
      case 2:
        need(n)
        return bytes.slice(at, (at += n))
      case 3:
        need(n)
        try {
          return utf8.decode(bytes.subarray(at, (at += n)))
        } catch {
          return bad()
        }
      case 4: {
        need(n) // each item takes at least one byte: no huge allocation from a forged length
        const out: CborValue[] = []
        for (let i = 0; i < n; i++) out.push(item(depth + 1))
        return out
      }
      case 5: {
        need(n * 2)
        const out = new Map<CborValue, CborValue>()
        for (let i = 0; i < n; i++) {
          const k = item(depth + 1)
          out.set(k, item(depth + 1))
        }
        return out
      }
      default: // 6: tag
        return new Tagged(n, item(depth + 1))
    }
  }
  return item(0)
}

function half(h: number): number {
  const exp = (h >> 10) & 0x1f
  const frac = h & 0x3ff
  const sign = h & 0x8000 ? -1 : 1
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024)
  if (exp === 31) return frac ? NaN : sign * Infinity
  return sign * 2 ** (exp - 15) * (1 + frac / 1024)
}

/** The head of a data item: major type and length, in the shortest form (as cbor2 writes it). */
export function cborHead(major: number, n: number): Uint8Array {
  const m = major << 5
  if (n < 24) return Uint8Array.of(m | n)
  if (n < 0x100) return Uint8Array.of(m | 24, n)
  if (n < 0x10000) return Uint8Array.of(m | 25, n >> 8, n & 0xff)
  return Uint8Array.of(m | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff)
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
  let at = 0
  for (const p of parts) out.set(p, (at += p.length) - p.length)
  return out
}

export const cborBytes = (b: Uint8Array): Uint8Array => concat(cborHead(2, b.length), b)
export const cborText = (s: string): Uint8Array => {
  const b = new TextEncoder().encode(s)
  return concat(cborHead(3, b.length), b)
}
