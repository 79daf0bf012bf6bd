// What the scanner shows for a verdict: words, colour class and icon; the offline lines; the links
// for receipts and 帮办 codes; and what the page does with no network (src/components/scan/local.ts).
import { h, render } from 'preact'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import fixture from './fixtures/verify-fixture.json'
import { setLang } from '../src/i18n'
import { checkOnDevice, kindOf } from '../src/components/scan/local'
import { minutesAgo, VerdictView, type Shown } from '../src/components/scan/Verdict'
import type { TrustList } from '../src/verify/types'

const held = { list: fixture.trust_list as TrustList, fetchedAt: Date.now() - 7 * 60_000 }
let root: HTMLElement
beforeEach(() => {
  setLang('en')
  root = document.createElement('div')
  document.body.append(root)
})
afterEach(() => {
  render(null, root)
  root.remove()
  setLang('zh_Hans')
})
const show = (r: Shown) => {
  render(h(VerdictView, { r, now: Date.now() }), root)
  return root.querySelector<HTMLElement>('[data-testid=verdict]')!
}

describe('the verdict on screen', () => {
  it('valid offline: green, tick, words, the trust list age and the revocation caveat', async () => {
    const r = await checkOnDevice(fixture.qr.valid, held)
    const box = show(r)
    expect(box.dataset.verdict).toBe('valid')
    expect(box.dataset.offline).toBe('true')
    expect(box.className).toContain('verdict-ok')
    expect(box.querySelector('svg.verdict-icon path')).not.toBeNull()
    expect(box.querySelector('[data-testid=verdict-word]')!.textContent).toBe('It is valid')
    const offline = box.querySelector('[data-testid=verdict-offline]')!.textContent!
    expect(offline).toContain('Checked offline')
    expect(offline).toContain('Trust list updated 7 minutes ago')
    expect(offline).toContain('whether the licence was revoked or suspended could not be checked')
    expect(box.querySelector('[data-testid=verdict-identifier]')!.textContent).toBe(fixture.identifier.valid)
  })

  it('a forgery: red, a cross, "not valid" and exactly why', async () => {
    const box = show(await checkOnDevice(fixture.qr.forged_holder, held))
    expect(box.className).toContain('verdict-bad')
    expect(box.querySelector('[data-testid=verdict-word]')!.textContent).toBe('It is not valid')
    expect(box.querySelector('[data-testid=verdict-reason]')!.textContent).toBe('The seal does not match: this code was altered or forged')
  })

  it('offline, a presentation, receipt or 帮办 code needs the network; no list, neither can a licence QR', async () => {
    for (const qr of ['TBP1:ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'TBR1:TB20240101000000:X', 'TBA1:123456']) {
      const r = await checkOnDevice(qr, held)
      expect(r.needsNetwork, qr).toBe(true)
      expect(show(r).dataset.verdict).toBe('needs_network')
    }
    expect(root.textContent).toContain('Connect to the network')
    localStorage.clear()
    const none = await checkOnDevice(fixture.qr.valid, null)
    expect(none.noTrust).toBe(true)
    expect(show(none).textContent).toContain('no trust list yet')
    expect((await checkOnDevice('HC1:NCFOXN', held)).verdict).toBe('unreadable')
  })

  it('a receipt opens the staff case page; a 帮办 code the staff 帮办 page', () => {
    const base = { verdict: 'valid' as const, verdict_label: 'Valid', licence: null, checked_at: '', offline: false }
    show({ ...base, kind: 'receipt', case: 'TB20240101000001' })
    expect(root.querySelector('[data-testid=verdict-open-case]')!.getAttribute('href')).toBe('/staff/cases/TB20240101000001')
    show({ ...base, kind: 'assist_session', code: '123456' })
    expect(root.querySelector('[data-testid=verdict-open-assist]')!.getAttribute('href')).toBe('/staff/assist?code=123456')
  })

  it('kinds by prefix; ages in words', () => {
    expect(['TBL1:x', 'TBP1:x', 'TBR1:x', 'TBA1:x', 'x'].map(kindOf)).toEqual(['static_licence', 'presentation', 'receipt', 'assist_session', 'unknown'])
    const now = Date.now()
    expect(minutesAgo(now - 20_000, now)).toBe('less than a minute ago')
    expect(minutesAgo(now - 3 * 3_600_000, now)).toBe('3 hours ago')
    expect(minutesAgo(now - 3 * 86_400_000, now)).toBe('3 days ago')
  })
})
