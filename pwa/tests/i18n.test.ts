import { afterEach, describe, expect, it } from 'vitest'
import { getLang, interpolate, setCatalog, setLang, t } from '../src/i18n'
import zhHans from '../src/locales/zh_Hans.json'
import zhHant from '../src/locales/zh_Hant.json'

afterEach(() => {
  setLang('zh_Hans')
  setCatalog('zh_Hans', zhHans)
  setCatalog('zh_Hant', zhHant)
})

describe('t()', () => {
  it('defaults to Simplified Chinese', () => {
    expect(getLang()).toBe('zh_Hans')
    expect(t('Settings')).toBe('设置')
  })

  it('translates into the chosen language', () => {
    setLang('zh_Hant')
    expect(t('Settings')).toBe('設定')
    setLang('en')
    expect(t('Settings')).toBe('Settings')
  })

  it('falls back to the msgid when a message is missing', () => {
    expect(t('A message nobody translated')).toBe('A message nobody translated')
  })

  it('falls back from Traditional to Simplified Chinese before English', () => {
    setCatalog('zh_Hans', { Hello: '你好' })
    setCatalog('zh_Hant', {})
    setLang('zh_Hant')
    expect(t('Hello')).toBe('你好')
  })

  it('interpolates named variables, in translations and fallbacks alike', () => {
    expect(t('Page {page} of {pages}', { page: 2, pages: 3 })).toBe('第 2 页，共 3 页')
    expect(t('{a} and {b}', { a: 'x', b: 0 })).toBe('x and 0')
    expect(interpolate('{missing} stays', {})).toBe('{missing} stays')
  })

  it('has every catalogue complete', () => {
    const ids = Object.keys(zhHans)
    expect(ids.length).toBeGreaterThan(50)
    expect(Object.keys(zhHant).sort()).toEqual(ids.sort())
  })
})
