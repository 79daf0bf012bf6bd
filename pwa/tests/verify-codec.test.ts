import { describe, expect, it } from 'vitest'
import { b45decode, b45encode } from '../src/verify/base45'
import { cborBytes, cborText, decodeCbor, Tagged } from '../src/verify/cbor'
import { Unreadable } from '../src/verify/errors'
import { identifier, identifierProblem, mod37_36 } from '../src/verify/ids'
import { openQr, sigStructure } from '../src/verify/licenceQr'

const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array) => new TextDecoder().decode(b)
const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16))
const reason = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    if (e instanceof Unreadable) return e.reason
    throw e
  }
  return 'no error'
}

describe('base45 (RFC 9285 §4)', () => {
  const vectors: [string, string][] = [
    ['AB', 'BB8'],
    ['Hello!!', '%69 VD92EX0'],
    ['base-45', 'UJCLQE7W581'],
    ['ietf!', 'QED8WEX0'],
    ['', ''],
  ]
  it.each(vectors)('%j <-> %j', (plain, text) => {
    expect(b45encode(enc(plain))).toBe(text)
    expect(dec(b45decode(text))).toBe(plain)
  })
  it('round-trips every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect(b45decode(b45encode(all))).toEqual(all)
  })
  it('refuses what is not base45 (RFC 9285 §6: GGW decodes past 65535)', () => {
    expect(reason(() => b45decode('GGW'))).toBe('base45')
    expect(reason(() => b45decode('abc'))).toBe('base45') // lower case is not in the set
    expect(reason(() => b45decode('BB8B'))).toBe('base45') // one stray character
    expect(reason(() => b45decode(':;'))).toBe('base45')
    expect(reason(() => b45decode('::'))).toBe('base45') // 44 + 44*45 > 255
  })
})

describe('CBOR decoder (RFC 8949 appendix A)', () => {
  const cases: [string, unknown][] = [
    ['00', 0],
    ['17', 23],
    ['1818', 24],
    ['1903e8', 1000],
    ['1a000f4240', 1000000],
    ['1b000000e8d4a51000', 1000000000000],
    ['20', -1],
    ['3903e7', -1000],
    ['f4', false],
    ['f5', true],
    ['f6', null],
    ['f7', undefined],
    ['f93c00', 1],
    ['fb3ff199999999999a', 1.1],
    ['6161', 'a'],
    ['64f0908591', '𐅑'],
    ['83010203', [1, 2, 3]],
    ['8301820203820405', [1, [2, 3], [4, 5]]],
  ]
  it.each(cases)('%s', (h, want) => expect(decodeCbor(hex(h))).toEqual(want))
  it('byte strings, maps with integer keys, tags', () => {
    expect(decodeCbor(hex('4401020304'))).toEqual(hex('01020304'))
    const m = decodeCbor(hex('a201020304')) as Map<unknown, unknown>
    expect([...m]).toEqual([[1, 2], [3, 4]])
    const tagged = decodeCbor(hex('d248' + '0102030405060708')) as Tagged
    expect(tagged).toBeInstanceOf(Tagged)
    expect(tagged.tag).toBe(18)
  })
  it('refuses truncated, indefinite, reserved, over-deep, too large and invalid UTF-8 input', () => {
    for (const bad of ['', '18', '1903', '5f', '9f01ff', '1c', '62c328', '1bffffffffffffffff', '8a01', 'a2010203', '81'.repeat(40) + '00']) {
      expect(reason(() => decodeCbor(hex(bad))), bad).toBe('cbor')
    }
  })
  it('a forged huge length allocates nothing', () => {
    expect(reason(() => decodeCbor(hex('9b00000000ffffffff')))).toBe('cbor')
    expect(reason(() => decodeCbor(hex('5a7fffffff00')))).toBe('cbor')
  })
  it('writes the Sig_structure as cbor2 does', () => {
    // cbor2.dumps(["Signature1", b"\xa1\x01\x27", b"", b"\x01"])
    expect(sigStructure(hex('a10127'), hex('01'))).toEqual(hex('846a5369676e61747572653143a10127404101'))
    expect(cborText('Signature1')[0]).toBe(0x6a)
    expect(cborBytes(new Uint8Array(300)).slice(0, 3)).toEqual(hex('59012c'))
  })
})

describe('GB/T 36904 identifier: ISO 7064 MOD 37,36 (backend tests/unit/test_ids.py)', () => {
  const real = [
    '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
    '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
    '1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9',
  ]
  it.each(real)('%s checks', (value) => {
    expect(identifierProblem(value)).toBeNull()
    const parts = value.split('.')
    expect(mod37_36(parts.slice(5, -1).join(''))).toBe(parts[9])
  })
  it('a wrong check character or shape is caught', () => {
    expect(identifierProblem(real[0]!.slice(0, -1) + 'V')).toBe('check_digit')
    expect(identifierProblem('1.2.3')).toBe('format')
    expect(identifierProblem(real[0]!.replace('W011', 'w011'))).toBe('format')
  })
  it('is rebuilt from a QR: serial to 14 digits, version to 3', () => {
    const id = identifier('11100000000013338W001', '113412008777427392', 123, 1)
    expect(id).toMatch(/^1\.2\.156\.3005\.2\.11100000000013338W001\.113412008777427392\.00000000000123\.001\.[0-9A-Z]$/)
    expect(identifierProblem(id)).toBeNull()
  })
})

describe('reading a static QR without verifying', () => {
  it('refuses what is not ours, before decoding', () => {
    expect(reason(() => openQr('HC1:6BFOXN'))).toBe('format')
    expect(reason(() => openQr('TBL1:' + 'A'.repeat(700)))).toBe('format')
    expect(reason(() => openQr('TBL1:abc'))).toBe('base45')
    expect(reason(() => openQr('TBL1:' + b45encode(hex('8301'))))).toBe('cbor')
    expect(reason(() => openQr('TBL1:' + b45encode(hex('83010203'))))).toBe('structure')
    expect(reason(() => openQr('TBL1:' + b45encode(hex('d3840000000000'))))).toBe('structure') // tag 19
  })
})

describe('one encoding per sealed licence', () => {
  it('refuses trailing bytes, an untagged COSE_Sign1 and a padded length, which the server never writes', async () => {
    const fixture = (await import('./fixtures/verify-fixture.json')).default as { qr: { valid: string } }
    const raw = b45decode(fixture.qr.valid.slice(5))
    expect(() => openQr(fixture.qr.valid)).not.toThrow()
    const trailing = new Uint8Array([...raw, 0])
    expect(() => openQr('TBL1:' + b45encode(trailing))).toThrow(Unreadable)
    const untagged = raw.slice(1) // drop the tag 18 byte (0xd2)
    expect(raw[0]).toBe(0xd2)
    expect(() => openQr('TBL1:' + b45encode(untagged))).toThrow(Unreadable)
    const padded = new Uint8Array([0xd2, 0x98, 0x04, ...raw.slice(2)]) // array(4) written with a 1-byte length
    expect(raw[1]).toBe(0x84)
    expect(() => openQr('TBL1:' + b45encode(padded))).toThrow(Unreadable)
  })
})
