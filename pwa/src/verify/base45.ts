// Base45 (RFC 9285), as backend/tongban/licences/codec.py writes it: 2 bytes -> 3 characters of the
// QR alphanumeric set, so a QR code holds it in alphanumeric mode.
import { Unreadable } from './errors'

export const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
const VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < B45.length; i++) VALUE[B45.charCodeAt(i)] = i

export function b45encode(data: Uint8Array): string {
  let out = ''
  for (let i = 0; i + 1 < data.length; i += 2) {
    let n = data[i]! * 256 + data[i + 1]!
    const c = Math.floor(n / 2025)
    n %= 2025
    out += B45[n % 45]! + B45[Math.floor(n / 45)]! + B45[c]!
  }
  if (data.length % 2) {
    const n = data[data.length - 1]!
    out += B45[n % 45]! + B45[Math.floor(n / 45)]!
  }
  return out
}

/** Throws Unreadable('base45') for a character outside the set, a value too large, or a stray last character. */
export function b45decode(text: string): Uint8Array {
  const len = text.length
  if (len % 3 === 1) throw new Unreadable('base45')
  const out = new Uint8Array(Math.floor(len / 3) * 2 + (len % 3 === 2 ? 1 : 0))
  let o = 0
  for (let i = 0; i < len; i += 3) {
    const a = VALUE[text.charCodeAt(i)] ?? -1 // beyond 127: undefined
    const b = VALUE[text.charCodeAt(i + 1)] ?? -1
    const c = i + 2 < len ? (VALUE[text.charCodeAt(i + 2)] ?? -1) : 0
    if (a < 0 || b < 0 || c < 0) throw new Unreadable('base45')
    const n = a + b * 45 + c * 2025
    if (i + 2 < len) {
      if (n > 0xffff) throw new Unreadable('base45')
      out[o++] = n >> 8
      out[o++] = n & 0xff
    } else {
      if (n > 0xff) throw new Unreadable('base45')
      out[o++] = n
    }
  }
  return out
}
