// Reading a static licence QR without verifying it: the mirror of backend/tongban/licences/codec.py
// (open_qr and Claims.decode). "TBL1:" + Base45(CBOR tag 18 COSE_Sign1 [protected bstr, {}, payload
// bstr, signature bstr]); protected = {1: alg (-8 EdDSA), 4: kid (8 bytes)}; the signature covers
// CBOR ["Signature1", protected, h'', payload]; payload = [1, type_no, serial, version, holder,
// id_hint, issued (days since 2000-01-01), valid_until (days) or null].
import { b45decode } from './base45'
import { cborBytes, cborHead, cborText, concat, decodeCbor, Tagged, type CborValue } from './cbor'
import { Unreadable } from './errors'

export const PREFIX = 'TBL1:'
export const PRESENTATION_PREFIX = 'TBP1:'
export const EDDSA = -8
const MAX_QR = 600 // characters: anything longer is not ours
const DAY_MS = 86_400_000
const EPOCH_MS = Date.UTC(2000, 0, 1)

export interface Claims {
  typeNo: number
  serial: number
  version: number
  holder: string
  idHint: string
  /** ISO dates (YYYY-MM-DD) */
  issued: string
  validUntil: string | null
}

export interface Sealed {
  kid: Uint8Array
  algorithm: number
  claims: Claims
  /** what the signature covers (the Sig_structure) */
  message: Uint8Array
  signature: Uint8Array
}

const isInt = (x: CborValue): x is number => typeof x === 'number' && Number.isInteger(x)
export const dayToIso = (days: number): string => new Date(EPOCH_MS + days * DAY_MS).toISOString().slice(0, 10)

// ["Signature1", protected, h'', payload] up to the protected header: array(4), text "Signature1"
const SIG1 = concat(cborHead(4, 4), cborText('Signature1'))
const EMPTY = cborBytes(new Uint8Array(0))

export function sigStructure(protectedHeader: Uint8Array, payload: Uint8Array): Uint8Array {
  return concat(SIG1, cborHead(2, protectedHeader.length), protectedHeader, EMPTY, cborHead(2, payload.length), payload)
}

export function decodeClaims(raw: Uint8Array): Claims {
  const value = decodeCbor(raw)
  if (!Array.isArray(value) || value.length !== 8 || value[0] !== 1) throw new Unreadable('structure')
  const [, typeNo, serial, version, holder, idHint, issued, until] = value
  for (const x of [typeNo, serial, version, issued]) if (!isInt(x) || x < 0 || x >= 1e15) throw new Unreadable('structure')
  if (typeof holder !== 'string' || typeof idHint !== 'string' || [...holder].length > 64 || [...idHint].length > 18) throw new Unreadable('structure')
  if (until !== null && !(isInt(until) && until >= 0 && until < 100_000)) throw new Unreadable('structure')
  if ((issued as number) >= 100_000) throw new Unreadable('structure')
  return {
    typeNo: typeNo as number,
    serial: serial as number,
    version: version as number,
    holder,
    idHint,
    issued: dayToIso(issued as number),
    validUntil: until === null ? null : dayToIso(until as number),
  }
}

export function openQr(text: string): Sealed {
  if (!text.startsWith(PREFIX) || text.length > MAX_QR) throw new Unreadable('format')
  const raw = b45decode(text.slice(PREFIX.length))
  const tagged = decodeCbor(raw)
  // Tag 18 and an empty unprotected header only, as the server seals them (codec.open_qr).
  if (!(tagged instanceof Tagged) || tagged.tag !== 18) throw new Unreadable('structure')
  const value = tagged.value
  if (!Array.isArray(value) || value.length !== 4) throw new Unreadable('structure')
  const [protectedHeader, unprotected, payload, signature] = value
  if (!(unprotected instanceof Map) || unprotected.size !== 0) throw new Unreadable('structure')
  if (!(protectedHeader instanceof Uint8Array && payload instanceof Uint8Array && signature instanceof Uint8Array)) throw new Unreadable('structure')
  // One encoding only: no trailing bytes, no longer-than-needed lengths, so no other text opens to the same sealed claims.
  const again = concat(cborHead(6, 18), cborHead(4, 4), cborBytes(protectedHeader), cborHead(5, 0), cborBytes(payload), cborBytes(signature))
  if (again.length !== raw.length || again.some((byte, i) => byte !== raw[i])) throw new Unreadable('cbor')
  const header = decodeCbor(protectedHeader)
  const kid = header instanceof Map ? header.get(4) : undefined
  const alg = header instanceof Map ? header.get(1) : undefined
  if (!(kid instanceof Uint8Array) || !isInt(alg as CborValue)) throw new Unreadable('structure')
  return { kid, algorithm: alg as number, claims: decodeClaims(payload), message: sigStructure(protectedHeader, payload), signature }
}
