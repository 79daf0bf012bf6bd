// The wallet (issue 9): when 亮证 asks for the next code (a wrong phone clock must neither let the
// code run out on screen nor loop), the countdown, the offline copy of the wallet, and labels.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  MIN_REFRESH_MS,
  PRESENTATION_TTL_MS,
  REFRESH_LEAD_MS,
  expiryOnDevice,
  parseServerTime,
  refreshDelay,
  refreshDue,
  secondsLeft,
} from '../src/pages/wallet/timing'
import { WALLET_KEY, forgetWallet, keepLicence, keepList, mayKeep, missingQr, readWallet } from '../src/pages/wallet/cache'
import type { Licence, LicenceSummary } from '../src/pages/wallet/types'
import { h, render } from 'preact'
import { SealNotice, placeLabel, showable, statusTone, svgDataUrl } from '../src/components/wallet/LicenceBits'
import { setCatalog, setLang } from '../src/i18n'

const T0 = Date.parse('2026-11-28T08:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()

describe('亮证 timing', () => {
  it('asks for the next code 5 seconds before a 60-second code runs out', () => {
    const expiry = expiryOnDevice(T0 + 60_000, T0)
    expect(expiry).toBe(T0 + 60_000)
    expect(refreshDelay(expiry, T0)).toBe(55_000)
    expect(refreshDue(expiry, T0 + 54_999)).toBe(false)
    expect(refreshDue(expiry, T0 + 55_000)).toBe(true)
  })

  it('counts the time the code took to arrive against it', () => {
    // Issued at T0 on the server, arrived 800 ms later: 59.2 s left.
    const expiry = expiryOnDevice(T0 + 60_000, T0 + 800)
    expect(refreshDelay(expiry, T0 + 800)).toBe(54_200)
  })

  it('a phone clock minutes behind does not keep a code past its 60 seconds', () => {
    const received = T0 - 3 * 60_000 // the phone says 07:57 when the server says 08:00
    const expiry = expiryOnDevice(T0 + 60_000, received)
    expect(expiry - received).toBe(PRESENTATION_TTL_MS)
    expect(refreshDelay(expiry, received)).toBe(PRESENTATION_TTL_MS - REFRESH_LEAD_MS)
  })

  it('a phone clock ahead does not make it ask again and again', () => {
    const received = T0 + 5 * 60_000 // the code looks long expired on this phone
    const expiry = expiryOnDevice(T0 + 60_000, received)
    expect(refreshDue(expiry, received)).toBe(false)
    expect(refreshDelay(expiry, received)).toBe(55_000)
    // A few seconds ahead: the code is believed to end a little early, and is renewed early.
    const soon = expiryOnDevice(T0 + 60_000, T0 + 20_000)
    expect(refreshDelay(soon, T0 + 20_000)).toBe(35_000)
  })

  it('never waits less than the minimum, even when the code is already due', () => {
    const expiry = T0 + 3_000
    expect(refreshDelay(expiry, T0)).toBe(MIN_REFRESH_MS)
    expect(refreshDelay(expiry, T0 + 10_000)).toBe(MIN_REFRESH_MS)
    expect(refreshDue(expiry, T0)).toBe(true)
  })

  it('an unreadable expiry is taken as the full 60 seconds', () => {
    expect(expiryOnDevice(Number.NaN, T0)).toBe(T0 + PRESENTATION_TTL_MS)
    expect(expiryOnDevice(parseServerTime('soon'), T0)).toBe(T0 + PRESENTATION_TTL_MS)
  })

  it('counts down in whole seconds, rounded up, never below 0', () => {
    const expiry = T0 + 60_000
    expect(secondsLeft(expiry, T0)).toBe(60)
    expect(secondsLeft(expiry, T0 + 59_200)).toBe(1)
    expect(secondsLeft(expiry, T0 + 60_000)).toBe(0)
    expect(secondsLeft(expiry, T0 + 90_000)).toBe(0)
  })

  it('reads server times with and without a zone as UTC', () => {
    expect(parseServerTime('2026-11-28T08:01:00+00:00')).toBe(T0 + 60_000)
    expect(parseServerTime('2026-11-28T08:01:00')).toBe(T0 + 60_000)
    expect(parseServerTime('2026-11-28T08:01:00.500000+00:00')).toBe(T0 + 60_500)
  })
})

const summary = (id: number, extra: Partial<LicenceSummary> = {}): LicenceSummary => ({
  id, identifier: `1.2.156.3005.2.X.Y.${id}.001.A`, type: 'id_card', type_name: '居民身份证', holder: '张伟', holder_type: 'person',
  issuer: '阜阳市公安局', issued_on: '2026-11-28', valid_until: '2046-11-28', status: 'valid', status_label: '有效', demo: true, ...extra,
})
const licence = (id: number, extra: Partial<Licence> = {}): Licence => ({
  ...summary(id), fields: { holder_name: '张伟', holder_id: '3412**********0155' }, field_labels: { holder_name: '持证人' },
  static_qr: `TBL1:${id}`, static_qr_svg: `<svg id="${id}"/>`, case: null, history: [{ kind: 'issued', label: '发证', note: '', at: iso(T0) }], ...extra,
})

describe('the wallet kept on the device', () => {
  beforeEach(() => localStorage.clear())
  afterEach(() => localStorage.clear())

  it('keeps the list and each static QR, without fields or history, for one account', () => {
    keepList(7, [summary(1), summary(2)], T0)
    keepLicence(7, licence(1), T0)
    const w = readWallet(7)!
    expect(w.items.map((l) => l.id)).toEqual([1, 2])
    expect(w.qr['1']).toEqual({ identifier: summary(1).identifier, static_qr: 'TBL1:1', static_qr_svg: '<svg id="1"/>' })
    expect(missingQr(w).map((l) => l.id)).toEqual([2])
    const raw = localStorage.getItem(WALLET_KEY)!
    expect(raw).not.toContain('holder_id')
    expect(raw).not.toContain('3412')
    expect(raw).not.toContain('history')
    expect(readWallet(8)).toBeNull()
    expect(readWallet()?.account).toBe(7)
  })

  it('drops a QR whose licence left the list or changed version', () => {
    keepLicence(7, licence(1), T0)
    keepLicence(7, licence(2), T0)
    keepList(7, [summary(1, { identifier: 'new.002' }), summary(3)], T0 + 1)
    const w = readWallet(7)!
    expect(Object.keys(w.qr)).toEqual([])
    expect(missingQr(w).map((l) => l.id)).toEqual([1, 3])
  })

  it('another account signing in replaces it; forgetting removes it', () => {
    keepLicence(7, licence(1), T0)
    keepList(9, [summary(5)], T0)
    expect(readWallet(7)).toBeNull()
    expect(readWallet(9)?.items).toHaveLength(1)
    forgetWallet()
    expect(localStorage.getItem(WALLET_KEY)).toBeNull()
  })

  it('ignores what it cannot read, and keeps nothing in kiosk mode or while acting', () => {
    localStorage.setItem(WALLET_KEY, '{"account":"x"}')
    expect(readWallet()).toBeNull()
    localStorage.setItem(WALLET_KEY, 'not json')
    expect(readWallet()).toBeNull()
    expect(mayKeep(false, false)).toBe(true)
    expect(mayKeep(true, false)).toBe(false)
    expect(mayKeep(false, true)).toBe(false)
  })
})

describe('labels', () => {
  beforeEach(() => {
    setCatalog('zh_Hans', { 'Not recorded': '未记录' })
    setLang('zh_Hans')
  })

  it('says where a check happened in words', () => {
    expect(placeLabel('临泉县政务服务中心 跨省通办专窗')).toBe('临泉县政务服务中心 跨省通办专窗')
    expect(placeLabel('')).toBe('未记录')
  })

  it('gives each status a tone, valid only green', () => {
    expect(statusTone('valid')).toBe('ok')
    expect(statusTone('suspended')).toBe('warn')
    expect(statusTone('revoked')).toBe('bad')
    expect(statusTone('expired')).toBe('bad')
  })

  it('shows staff only a valid licence whose seal is still on the trust list, and says why not', () => {
    expect(showable(summary(1))).toBe(true)
    expect(showable(summary(1, { seal_trusted: true }))).toBe(true)
    expect(showable(summary(1, { seal_trusted: false }))).toBe(false)
    expect(showable(summary(1, { status: 'suspended' }))).toBe(false)
    const el = document.createElement('div')
    render(h(SealNotice, { l: summary(1, { seal_trusted: false }) }), el)
    expect(el.querySelector('[data-testid="licence-seal-untrusted"]')?.textContent).toMatch(/trust list/)
    render(h(SealNotice, { l: summary(2) }), el) // kept before the field existed: nothing to say
    expect(el.querySelector('[data-testid="licence-seal-untrusted"]')).toBeNull()
  })

  it('turns the server SVG into a data: image URL (the CSP allows data: images)', () => {
    expect(svgDataUrl('<svg a="1"/>')).toBe('data:image/svg+xml;charset=utf-8,%3Csvg%20a%3D%221%22%2F%3E')
  })
})
