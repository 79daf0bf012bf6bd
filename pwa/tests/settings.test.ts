import { beforeEach, describe, expect, it, vi } from 'vitest'
import { KIOSK_KEY, STORAGE_KEY, SettingsStore, applyToDocument, loadKiosk, loadSettings, modeOf, urlOverrides } from '../src/settings'

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
})

describe('settings persistence', () => {
  it('starts from defaults and saves changes under tb.settings', () => {
    const store = new SettingsStore(localStorage)
    expect(store.get()).toEqual({ lang: 'zh_Hans', textScale: 1, elder: false, region: '341200', kiosk: false })
    store.update({ lang: 'en', textScale: 2, elder: true })
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toEqual({ lang: 'en', textScale: 2, elder: true, region: '341200' })
    expect(new SettingsStore(localStorage).get()).toMatchObject({ lang: 'en', textScale: 2, elder: true })
  })

  it('ignores malformed stored values', () => {
    localStorage.setItem(STORAGE_KEY, '{"lang":"fr","textScale":3,"elder":"yes","region":"Linquan"}')
    expect(loadSettings(localStorage)).toEqual({ lang: 'zh_Hans', textScale: 1, elder: false, region: '341200' })
    localStorage.setItem(STORAGE_KEY, 'not json')
    expect(loadSettings(localStorage)).toEqual({ lang: 'zh_Hans', textScale: 1, elder: false, region: '341200' })
  })

  it('keeps the region the person picked (nearest windows first), an older store without one gets 阜阳市', () => {
    localStorage.setItem(STORAGE_KEY, '{"lang":"en","textScale":1,"elder":false}')
    const store = new SettingsStore(localStorage)
    expect(store.get().region).toBe('341200')
    store.update({ region: '341221' })
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toMatchObject({ lang: 'en', region: '341221' })
    expect(new SettingsStore(localStorage).get().region).toBe('341221')
  })

  it('applies and persists ?lang= and ?mode=elder', () => {
    const store = new SettingsStore(localStorage, '?lang=zh_Hant&mode=elder')
    expect(store.get()).toMatchObject({ lang: 'zh_Hant', elder: true, kiosk: false })
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toMatchObject({ lang: 'zh_Hant', elder: true })
    new SettingsStore(localStorage, '?mode=normal')
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toMatchObject({ elder: false })
  })

  it('does not take the search filter ?mode=online for a display mode', () => {
    expect(urlOverrides('?mode=online&lang=xx')).toEqual({})
  })
})

describe('kiosk mode', () => {
  it('stores nothing of the visitor, whatever is changed', () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ lang: 'en', textScale: 2, elder: false }))
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    const store = new SettingsStore(localStorage, '?mode=kiosk&lang=zh_Hant')
    // An earlier visitor's settings are not shown on a shared device; a kiosk starts in 长辈版 sizes.
    expect(store.get()).toEqual({ lang: 'zh_Hant', textScale: 1, elder: true, region: '341200', kiosk: true })
    store.update({ elder: false, textScale: 1.5, lang: 'en', region: '341222' })
    store.resetKiosk()
    // Only the kiosk marker (its start-up settings) was written, to sessionStorage, never localStorage.
    const written = setItem.mock.calls.map(([key]) => key)
    expect(new Set(written)).toEqual(new Set([KIOSK_KEY]))
    expect(Object.keys(localStorage)).toEqual([STORAGE_KEY])
    expect(JSON.parse(sessionStorage.getItem(KIOSK_KEY)!)).toEqual({ lang: 'zh_Hant', textScale: 1, elder: true })
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toEqual({ lang: 'en', textScale: 2, elder: false })
    setItem.mockRestore()
  })

  it('resets to the settings the kiosk session started with, and forgets the tab’s session data', () => {
    const store = new SettingsStore(localStorage, '?mode=kiosk')
    store.update({ elder: false, lang: 'en', region: '341221' })
    sessionStorage.setItem('tb.assist', 'AB12CD')
    store.resetKiosk()
    expect(store.get()).toEqual({ lang: 'zh_Hans', textScale: 1, elder: true, region: '341200', kiosk: true })
    expect(sessionStorage.getItem('tb.assist')).toBeNull()
    expect(sessionStorage.getItem(KIOSK_KEY)).not.toBeNull()
  })

  it('is still a kiosk after a reload without ?mode=kiosk, until staff end it', () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ lang: 'en', textScale: 2, elder: false }))
    const first = new SettingsStore(localStorage, '?mode=kiosk')
    first.update({ textScale: 2, region: '341221' })
    // The reload: a new store for the same tab, on a page of the app without the query.
    const reloaded = new SettingsStore(localStorage, '')
    expect(reloaded.get()).toEqual({ lang: 'zh_Hans', textScale: 1, elder: true, region: '341200', kiosk: true })
    // ?mode=normal on a kiosk changes the visit, not the kiosk.
    expect(new SettingsStore(localStorage, '?mode=normal').get()).toMatchObject({ elder: false, kiosk: true })
    expect(loadKiosk(sessionStorage)).toMatchObject({ elder: true })
    reloaded.setKiosk(false)
    expect(sessionStorage.getItem(KIOSK_KEY)).toBeNull()
    expect(new SettingsStore(localStorage, '').get()).toMatchObject({ lang: 'en', textScale: 2, elder: false, kiosk: false })
  })

  it('turned on in the settings: 长辈版 sizes, the device’s language; back to the stored settings on exit', () => {
    const store = new SettingsStore(localStorage)
    store.update({ textScale: 1.5, lang: 'zh_Hant' })
    store.setKiosk(true)
    expect(store.get()).toMatchObject({ lang: 'zh_Hant', textScale: 1.5, elder: true, kiosk: true })
    expect(new SettingsStore(localStorage, '').get().kiosk).toBe(true)
    store.update({ textScale: 2 })
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).textScale).toBe(1.5)
    store.setKiosk(false)
    expect(store.get()).toMatchObject({ textScale: 1.5, elder: false, kiosk: false })
  })

  it('ignores a damaged marker', () => {
    sessionStorage.setItem(KIOSK_KEY, '{not json')
    expect(new SettingsStore(localStorage, '').get().kiosk).toBe(false)
  })
})

describe('applyToDocument', () => {
  it('reflects lang, mode and text scale on <html>', () => {
    const root = document.documentElement
    applyToDocument({ lang: 'zh_Hant', textScale: 1.5, elder: true, region: '341200', kiosk: false }, root, 'zh-Hant')
    expect(root.getAttribute('lang')).toBe('zh-Hant')
    expect(root.getAttribute('data-mode')).toBe('elder')
    expect(root.getAttribute('data-text-scale')).toBe('1.5')
    expect(modeOf({ lang: 'en', textScale: 1, elder: true, region: '341200', kiosk: true })).toBe('kiosk')
  })
})
