// First paint and stability (issue 10): the catalogue's parts, the boot script, dates without Intl.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { catalogueParts, msgidsIn, staticGraph } from '../scripts/paint-plugin.mjs'
import { ACTING_KEY as BOOT_ACTING_KEY, bootPage, guidePreload, preloads, prerenderFor } from '../src/boot'
import { ACTING_KEY } from '../src/acting'
import { formatDate, langReady, loadLang, loadRest, setLang, t } from '../src/i18n'
import { BCP47 } from '../src/i18n'
import { KIOSK_KEY, STORAGE_KEY, SettingsStore, applyToDocument } from '../src/settings'

const SRC = join(__dirname, '..', 'src')
const rel = (files: Set<string>) => [...files].map((f) => f.slice(SRC.length + 1))

describe('catalogue parts (scripts/paint-plugin.mjs)', () => {
  const first = rel(staticGraph(join(SRC, 'main.tsx')))

  it('the first page pulls in the shell, home, search and the guide, and no page of its own chunk', () => {
    for (const f of ['app.tsx', 'components/Layout.tsx', 'pages/Home.tsx', 'pages/Search.tsx', 'pages/Matter.tsx']) expect(first).toContain(f)
    const own = first.filter((f) => /^pages\/(Staff|Signin|Account|Settings|Lists|Help|wallet\/(?!cache)|scan\/|family\/|window\/|staff\/|cases\/|assist\/)/.test(f))
    expect(own).toEqual([])
    expect(first.some((f) => f.startsWith('verify/') || f === 'cases/store.ts')).toBe(false)
  })

  it('core holds the first page’s messages, rest the others, and together they are the catalogue', () => {
    const parts = catalogueParts(true)
    const zh = parts.zh_Hans!
    expect(zh.core['Home']).toBe('首页')
    expect(zh.core['Search for a service']).toBeTruthy()
    const staffOnly = [...msgidsIn([join(SRC, 'pages', 'staff', 'MandateReview.tsx')])].filter((id) => !(id in zh.core))
    expect(staffOnly.length).toBeGreaterThan(0)
    for (const id of staffOnly) expect(zh.rest).toHaveProperty([id])
    for (const lang of ['zh_Hans', 'zh_Hant', 'en'] as const) {
      const { core, rest } = parts[lang]!
      expect(Object.keys(core).filter((k) => k in rest)).toEqual([])
    }
    expect(Object.keys(zh.core).length + Object.keys(zh.rest).length).toBe(Object.keys(catalogueParts(false).zh_Hans!.core).length)
  })
})

describe('loading a language before it is shown (src/i18n.ts)', () => {
  afterEach(() => setLang('zh_Hans'))

  it('a language is ready only once its parts (and its fallbacks’) are in', async () => {
    expect(langReady('zh_Hans')).toBe(true)
    expect(langReady('zh_Hant')).toBe(false) // fetched only for a reader of it
    await loadLang('zh_Hant')
    expect(langReady('zh_Hant')).toBe(true)
    setLang('zh_Hant')
    expect(t('Settings')).toBe('設定')
  })

  it('once a page beyond the first is opened, every language needs its rest as well', async () => {
    await loadLang('zh_Hant')
    await loadRest() // for the language on screen, Simplified Chinese
    expect(langReady('zh_Hans')).toBe(true)
    expect(langReady('zh_Hant')).toBe(false) // a switch to it now waits for its rest too
    await loadLang('zh_Hant')
    expect(langReady('zh_Hant')).toBe(true)
  })
})

describe('dates without Intl', () => {
  afterEach(() => setLang('zh_Hans'))
  it('formatDate writes what Intl.DateTimeFormat writes, in every language', () => {
    const days = ['2026-01-03', '2026-05-07T08:00:00', '2025-12-31T23:30:00Z', '2024-02-29', '2026-11-28T12:00:00+08:00']
    for (const lang of ['zh_Hans', 'zh_Hant', 'en'] as const) {
      setLang(lang)
      const intl = new Intl.DateTimeFormat(BCP47[lang], { year: 'numeric', month: 'long', day: 'numeric' })
      for (const d of days) expect(formatDate(d)).toBe(intl.format(new Date(d)))
    }
    expect(formatDate('')).toBe('')
    expect(formatDate('not a date')).toBe('not a date')
  })
})

describe('the boot script (src/boot.ts) sets <html> as the app does', () => {
  // A document of its own, whose preload links are plain objects kept out of it: the test page has
  // no API to fetch them from.
  let doc: Document
  let added: HTMLLinkElement[]
  beforeEach(() => {
    localStorage.clear()
    sessionStorage.clear()
    doc = document.implementation.createHTMLDocument('')
    added = []
    doc.createElement = (() => ({})) as unknown as typeof doc.createElement
    doc.head.appendChild = (<T extends Node>(n: T): T => (added.push(n as unknown as HTMLLinkElement), n)) as typeof doc.head.appendChild
  })

  const cases: Array<[string, Record<string, unknown> | null, string, string]> = [
    // [what, tb.settings, path + query, expected data-prerender]
    ['first visit', null, '/', ''],
    ['a guide', null, '/matters/FY-GA-0009', 'shell'],
    ['English', { lang: 'en', textScale: 1, elder: false }, '/', 'hide'],
    ['large text', { lang: 'zh_Hans', textScale: 2, elder: false }, '/', 'hide'],
    ['长辈版', { lang: 'zh_Hans', textScale: 1, elder: true }, '/lists', 'hide'],
    ['?mode=elder', null, '/?mode=elder', 'hide'],
    ['?lang=zh_Hant', { lang: 'en', textScale: 1.5, elder: false }, '/search?lang=zh_Hant', 'hide'],
    ['?mode=normal over 长辈版', { lang: 'zh_Hans', textScale: 1, elder: true }, '/?mode=normal', ''],
    ['kiosk', null, '/?mode=kiosk', 'hide'],
    ['garbage', { lang: 'fr', textScale: 3, elder: 'yes' }, '/', ''],
  ]

  for (const [what, saved, address, prerender] of cases) {
    it(`${what}: lang, data-mode, data-text-scale, data-elder and what of the prerender shows`, () => {
      if (saved) localStorage.setItem(STORAGE_KEY, JSON.stringify(saved))
      const url = new URL(address, 'http://localhost')
      const loc = { pathname: url.pathname, search: url.search } as Location
      const root = doc.documentElement
      const stored = localStorage.getItem(STORAGE_KEY)
      bootPage(doc, loc, localStorage)
      const got = ['lang', 'data-mode', 'data-text-scale', 'data-elder'].map((a) => root.getAttribute(a))
      // The app's own reading of the same storage and address.
      if (stored === null) localStorage.removeItem(STORAGE_KEY)
      else localStorage.setItem(STORAGE_KEY, stored)
      sessionStorage.removeItem(KIOSK_KEY)
      const s = new SettingsStore(localStorage, url.search, sessionStorage).get()
      const probe = document.createElement('html')
      applyToDocument(s, probe, BCP47[s.lang])
      expect(got).toEqual(['lang', 'data-mode', 'data-text-scale', 'data-elder'].map((a) => probe.getAttribute(a)))
      expect(root.getAttribute('data-prerender') ?? '').toBe(prerender)
      expect(prerenderFor(s, url.pathname)).toBe(prerender || 'show')
    })
  }

  it('holds the prerendered page back while the tab acts for someone (the app draws the acting bar)', () => {
    expect(BOOT_ACTING_KEY).toBe(ACTING_KEY)
    sessionStorage.setItem(ACTING_KEY, JSON.stringify({ mandate: 'MD0000000001', name: '王建国', account: 2 }))
    bootPage(doc, { pathname: '/', search: '' } as Location, localStorage, sessionStorage)
    expect(doc.documentElement.getAttribute('data-prerender')).toBe('hide')
  })

  it('asks early for who is signed in and a guide’s content, at the addresses the app uses, except in kiosk mode', () => {
    bootPage(doc, { pathname: '/matters/FY-GA-0009', search: '' } as Location, localStorage)
    expect(added.map((l) => [l.rel, l.as, l.crossOrigin, l.href])).toEqual([
      ['preload', 'fetch', 'anonymous', '/api/v1/auth/session?lang=zh_Hans'],
      ['preload', 'fetch', 'anonymous', '/api/v1/matters/FY-GA-0009?lang=zh_Hans'],
    ])
    const s = new SettingsStore(null, '?mode=kiosk', null).get()
    expect(guidePreload(s, '/matters/FY-GA-0009')).toBeNull()
    expect(preloads(s, '/matters/FY-GA-0009')).toEqual([])
    expect(preloads({ ...s, kiosk: false, lang: 'en' }, '/')).toEqual(['/api/v1/auth/session?lang=en'])
    expect(guidePreload({ ...s, kiosk: false }, '/matters/%E6%88%B7')).toBe('/api/v1/matters/%E6%88%B7?lang=zh_Hans')
    expect(guidePreload({ ...s, kiosk: false }, '/matters/%E0%A4%A')).toBeNull()
    expect(guidePreload({ ...s, kiosk: false }, '/search')).toBeNull()
  })
})
