// Words (issue 10): passkeys where they cannot work are said in plain words, never with developer
// hints; data inside a translated sentence is marked with its language.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { render } from 'preact'
import { isNumericHost, passkeyBlocker, passkeysUsable } from '../src/auth/webauthn'
import { passkeyBlockedText, passkeyProblem } from '../src/auth/flows'
import { DATA, WithData } from '../src/components/DataText'
import { setLang, t } from '../src/i18n'

afterEach(() => {
  vi.unstubAllGlobals()
  setLang('zh_Hans')
})

/** A browser with WebAuthn (what happy-dom lacks), at `hostname`. */
const browserAt = (hostname: string) => {
  vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {})
  vi.stubGlobal('navigator', { credentials: {} })
  vi.stubGlobal('location', { hostname })
}

describe('where passkeys cannot work', () => {
  it('knows a numeric address, which WebAuthn refuses as the site’s name', () => {
    for (const host of ['127.0.0.1', '192.168.1.20', '[::1]', '::1']) expect(isNumericHost(host)).toBe(true)
    for (const host of ['localhost', 'tongban.example.gov.cn', '127.example']) expect(isNumericHost(host)).toBe(false)
  })

  it('says why in words, with no developer hint (no “localhost”)', () => {
    browserAt('127.0.0.1')
    expect(passkeyBlocker()).toBe('address')
    expect(passkeysUsable()).toBe(false)
    for (const lang of ['zh_Hans', 'zh_Hant', 'en'] as const) {
      setLang(lang)
      for (const s of [passkeyBlockedText(), passkeyProblem(new DOMException('x', 'SecurityError')).detail ?? '']) {
        expect(s).not.toMatch(/localhost|127\.0\.0\.1|numeric/)
      }
    }
    setLang('zh_Hans')
    expect(passkeyBlockedText()).toBe('此网址无法使用通行密钥，请改用手机验证码登录。')
  })

  it('lets them work at a name', () => {
    browserAt('localhost')
    expect(passkeyBlocker()).toBe(null)
  })
})

describe('data inside a sentence', () => {
  it('is marked with the data’s language on an English page', () => {
    setLang('en')
    const el = document.createElement('p')
    render(<WithData text={t('Nearest to {region} first.', { region: DATA })} value="阜阳市" />, el)
    expect(el.textContent).toBe('Nearest to 阜阳市 first.')
    expect(el.querySelector('span[lang="zh-Hans"]')?.textContent).toBe('阜阳市')
  })
})
