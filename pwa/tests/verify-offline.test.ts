// Full offline verification of real static QR codes made by the backend's codec (the fixture is
// written by tests/fixtures/make_verify_fixture.py with fixed test keys), and the trust list's
// signature and pinning.
import { beforeEach, describe, expect, it } from 'vitest'
import fixture from './fixtures/verify-fixture.json'
import { benchStatic } from '../src/verify/bench'
import { ed25519Supported } from '../src/verify/ed25519'
import { chinaToday, verifyStatic } from '../src/verify/offline'
import { accept, cachedTrustList, canonicalJson, PIN_KEY, refreshTrustList, resetTrustMemory, signatureOk, STORE_KEY } from '../src/verify/trustList'
import type { TrustList } from '../src/verify/types'

const LIST = fixture.trust_list as TrustList
const QR = fixture.qr
const NOW = new Date(`${fixture.today}T04:00:00Z`)
const clone = (): TrustList => JSON.parse(JSON.stringify(LIST)) as TrustList

describe('offline verification of a static licence QR (made by the backend codec)', () => {
  it('WebCrypto has Ed25519 here', async () => {
    expect(await ed25519Supported()).toBe(true)
  })

  it('a genuine QR is valid, with the identifier the backend would give', async () => {
    const r = await verifyStatic(QR.valid, LIST, NOW)
    expect(r.verdict).toBe('valid')
    expect(r.licence).toEqual({
      type: 'id_card',
      type_name: '居民身份证',
      identifier: fixture.identifier.valid,
      holder: '张*',
      id_hint: '3412…0018',
      issued_on: '2025-03-01',
      valid_until: '2045-03-01',
      issuer: '阜阳市公安局（测试）',
      issuer_region: '341200',
    })
  })

  it("a partner region's seal verifies (mutual recognition), with its version", async () => {
    const r = await verifyStatic(QR.partner, LIST, NOW)
    expect(r.verdict).toBe('valid')
    expect(r.licence?.identifier).toBe(fixture.identifier.partner)
    expect(r.licence?.issuer).toBe('宁波市公安局（测试）')
  })

  it('forgeries fail: a changed name, one flipped bit in the seal, one changed character', async () => {
    expect((await verifyStatic(QR.forged_holder, LIST, NOW)).verdict).toBe('bad_signature')
    expect((await verifyStatic(QR.flipped_signature, LIST, NOW)).verdict).toBe('bad_signature')
    // Every single-character change of the genuine text is caught, one way or another.
    const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
    for (let i = 5; i < QR.valid.length; i += 7) {
      const ch = B45[(B45.indexOf(QR.valid[i]!) + 1) % 45]!
      const changed = QR.valid.slice(0, i) + ch + QR.valid.slice(i + 1)
      expect((await verifyStatic(changed, LIST, NOW)).verdict, `character ${i}`).not.toBe('valid')
    }
  })

  it('an unknown key, a removed key, an unknown type, an end date passed, no end date', async () => {
    expect((await verifyStatic(QR.unknown_issuer, LIST, NOW)).verdict).toBe('unknown_issuer')
    const removed = clone()
    removed.keys = removed.keys.filter((k) => k.issuer !== '330200-GA')
    expect((await verifyStatic(QR.partner, removed, NOW)).verdict).toBe('unknown_issuer')
    expect((await verifyStatic(QR.unknown_type, LIST, NOW)).verdict).toBe('unknown_type')
    const expired = await verifyStatic(QR.expired, LIST, NOW)
    expect(expired.verdict).toBe('expired')
    expect(expired.licence?.valid_until).toBe('2020-01-01')
    const open = await verifyStatic(QR.no_end, LIST, NOW)
    expect(open.verdict).toBe('valid')
    expect(open.licence?.valid_until).toBeNull()
    expect(open.licence?.holder).toBe('阜阳通办示范科技有限公司（演示）')
  })

  it('a key swapped in the list for the same kid does not verify', async () => {
    const swapped = clone()
    swapped.keys[0]!.public_key = swapped.keys[1]!.public_key
    expect((await verifyStatic(QR.valid, swapped, NOW)).verdict).toBe('bad_signature')
  })

  it('rubbish is unreadable, never an exception', async () => {
    for (const text of ['', 'TBL1:', 'TBL1:%%%', 'TBL1:' + 'Z'.repeat(90), 'TBP1:ABC', QR.valid.slice(0, 60), QR.valid + 'A']) {
      expect((await verifyStatic(text, LIST, NOW)).verdict, text).toBe('unreadable')
    }
  })

  it("today is China's date", () => {
    expect(chinaToday(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02')
    expect(chinaToday(new Date('2026-03-01T15:59:00Z'))).toBe('2026-03-01')
  })

  it('decode + verify time per static QR (printed for bench/)', async () => {
    const r = await benchStatic(QR.valid, LIST, 2000)
    expect(r.verdict).toBe('valid')
    console.log(`offline decode + verify per static QR (Node, WebCrypto Ed25519): ${r.perQrUs.toFixed(1)} µs, of which decoding ${r.decodeUs.toFixed(1)} µs (n=${r.n})`)
  })
})

describe('the trust list: signature, cache and pinning', () => {
  beforeEach(() => {
    localStorage.clear()
    resetTrustMemory()
  })

  it("its signature verifies over Python's canonical JSON, and not when anything changes", async () => {
    expect(canonicalJson({ b: [1, { d: '阜阳', c: null }], a: 'x"\n' })).toBe('{"a":"x\\"\\n","b":[1,{"c":null,"d":"阜阳"}]}')
    expect(await signatureOk(LIST)).toBe(true)
    const added = clone()
    added.keys.push({ ...added.keys[0]!, kid: '0000000000000000' })
    expect(await signatureOk(added)).toBe(false)
    const renamed = clone()
    renamed.licence_types[0]!.name = '居民身份证 '
    expect(await signatureOk(renamed)).toBe(false)
  })

  it('is cached with its fetch time and the signer pinned; an older list never replaces it', async () => {
    const first = await refreshTrustList(async () => clone())
    expect(first.problem).toBeUndefined()
    expect(localStorage.getItem(PIN_KEY)).toBe(LIST.signer.public_key)
    resetTrustMemory()
    const held = await cachedTrustList()
    expect(held?.list.issued_at).toBe(LIST.issued_at)
    expect(Date.now() - (held?.fetchedAt ?? 0)).toBeLessThan(5000)
    expect(await accept(fixture.trust_list_older as TrustList, held, LIST.signer.public_key, true)).toBe('older')
    expect(await accept(clone(), held, LIST.signer.public_key, true)).toBeNull()
  })

  it('a list signed by another key: refused unless online and newer; a bad signature always', async () => {
    await refreshTrustList(async () => clone())
    const held = await cachedTrustList()
    const pin = LIST.signer.public_key
    const rotated = fixture.trust_list_rotated as TrustList
    expect(await signatureOk(rotated)).toBe(true)
    expect(rotated.signer.public_key).not.toBe(pin)
    expect(await accept(rotated, held, pin, false)).toBe('other_signer') // not from the server just now
    expect(await accept(rotated, held, pin, true)).toBeNull() // online and newer: a key rotation
    // another key's list that is not newer than the one held
    const heldLater = { list: { ...held!.list, issued_at: '2026-03-01T00:00:00' }, fetchedAt: 0 }
    expect(await accept({ ...rotated }, heldLater, pin, true)).toBe('older')
    const notNewer = { list: { ...held!.list, issued_at: rotated.issued_at }, fetchedAt: 0 }
    expect(await accept(rotated, notNewer, pin, true)).toBe('other_signer')
    const tampered = { ...clone(), issued_at: '2027-01-01T00:00:00' }
    expect(await accept(tampered, held, LIST.signer.public_key, true)).toBe('bad_signature')
  })

  it('a cached list that does not verify with the pinned key is not used', async () => {
    await refreshTrustList(async () => clone())
    resetTrustMemory()
    localStorage.setItem(PIN_KEY, LIST.keys[0]!.public_key)
    expect(await cachedTrustList()).toBeNull()
    resetTrustMemory()
    localStorage.setItem(PIN_KEY, LIST.signer.public_key)
    const stored = JSON.parse(localStorage.getItem(STORE_KEY)!) as { list: TrustList }
    stored.list.keys[0]!.issuer_name = '别的机关'
    localStorage.setItem(STORE_KEY, JSON.stringify(stored))
    expect(await cachedTrustList()).toBeNull()
  })

  it('a failed fetch keeps the cached list and says why', async () => {
    await refreshTrustList(async () => clone())
    const { ApiError } = await import('../src/api/client')
    const r = await refreshTrustList(async () => {
      throw new ApiError({ status: 0, title: 'x', offline: true })
    })
    expect(r.problem).toBe('offline')
    expect(r.trust?.list.issued_at).toBe(LIST.issued_at)
  })
})
