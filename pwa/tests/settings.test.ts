import { beforeEach, describe, expect, it, vi } from 'vitest'
import { STORAGE_KEY, SettingsStore, applyToDocument, loadSettings, modeOf, urlOverrides } from '../src/settings'

beforeEach(() => localStorage.clear())

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
  it('stores nothing, whatever is changed', () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ lang: 'en', textScale: 2, elder: true }))
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    const store = new SettingsStore(localStorage, '?mode=kiosk&lang=zh_Hant')
    // An earlier visitor's settings are not shown on a shared device.
    expect(store.get()).toEqual({ lang: 'zh_Hant', textScale: 1, elder: false, region: '341200', kiosk: true })
    store.update({ elder: true, textScale: 1.5, lang: 'en', region: '341222' })
    store.resetKiosk()
    expect(setItem).not.toHaveBeenCalled()
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toEqual({ lang: 'en', textScale: 2, elder: true })
    setItem.mockRestore()
  })

  it('resets to the settings the kiosk session started with', () => {
    const store = new SettingsStore(localStorage, '?mode=kiosk')
    store.update({ elder: true, lang: 'en', region: '341221' })
    store.resetKiosk()
    expect(store.get()).toEqual({ lang: 'zh_Hans', textScale: 1, elder: false, region: '341200', kiosk: true })
  })

  it('returns to the stored settings on exit', () => {
    const store = new SettingsStore(localStorage)
    store.update({ textScale: 1.5 })
    store.setKiosk(true)
    store.update({ textScale: 2 })
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).textScale).toBe(1.5)
    store.setKiosk(false)
    expect(store.get()).toMatchObject({ textScale: 1.5, kiosk: false })
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
