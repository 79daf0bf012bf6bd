import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, apiPost, csrfToken, CSRF_HEADER } from '../src/api/client'
import { goNext, safeNext, signinUrl } from '../src/auth/next'
import { b64urlToBytes, bytesToB64url, credentialToJSON, parseCreationOptions, parseRequestOptions } from '../src/auth/webauthn'
import { describeDevice } from '../src/auth/ua'

const clearCookies = () => {
  for (const c of document.cookie.split(';')) {
    const name = c.split('=')[0]!.trim()
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`
  }
}
afterEach(clearCookies)

const headersOf = (fetch: ReturnType<typeof vi.fn>, i: number) => (fetch.mock.calls[i] as unknown as [string, RequestInit])[1].headers as Record<string, string>

describe('CSRF in the API client', () => {
  it('reads tb_csrf among other cookies', () => {
    expect(csrfToken('a=1; tb_csrf=abc-DEF_123; b=2')).toBe('abc-DEF_123')
    expect(csrfToken('tb_csrfx=no; xtb_csrf=no')).toBe('')
    expect(csrfToken('')).toBe('')
  })

  it('sends X-CSRF-Token equal to the cookie on every POST, and JSON', async () => {
    document.cookie = 'tb_csrf=tok-1; path=/'
    const fetch = vi.fn(async () => new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } }))
    await apiPost('/auth/codes', { phone: '13800000001', purpose: 'signin' }, { fetch })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/auth/codes?lang=zh_Hans')
    expect(init.method).toBe('POST')
    expect(headersOf(fetch, 0)[CSRF_HEADER]).toBe('tok-1')
    expect(headersOf(fetch, 0)['Content-Type']).toBe('application/json')
    expect(JSON.parse(init.body as string)).toEqual({ phone: '13800000001', purpose: 'signin' })
    // A new token (after sign-in) is picked up by the next request.
    document.cookie = 'tb_csrf=tok-2; path=/'
    await apiPost('/auth/signout', undefined, { fetch })
    expect(headersOf(fetch, 1)[CSRF_HEADER]).toBe('tok-2')
  })

  it('fetches the cookie first when the visit has none yet', async () => {
    const fetch = vi.fn(async (url: string) => {
      if (url.startsWith('/api/v1/health')) document.cookie = 'tb_csrf=fresh; path=/'
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } })
    })
    await apiPost('/auth/passkey/options', { staff: false }, { fetch: fetch as unknown as typeof globalThis.fetch })
    expect(fetch.mock.calls.map((c) => (c as unknown as [string])[0].split('?')[0])).toEqual(['/api/v1/health', '/api/v1/auth/passkey/options'])
    expect(headersOf(fetch, 1)[CSRF_HEADER]).toBe('fresh')
  })

  it('retries once after csrf_failed, with the cookie as it is then', async () => {
    document.cookie = 'tb_csrf=old; path=/'
    let n = 0
    const fetch = vi.fn(async () => {
      if (n++ === 0) {
        document.cookie = 'tb_csrf=new; path=/'
        return new Response(JSON.stringify({ title: 'x', status: 403, code: 'csrf_failed' }), { status: 403, headers: { 'content-type': 'application/problem+json' } })
      }
      return new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } })
    })
    await expect(apiPost('/auth/signout', {}, { fetch })).resolves.toEqual({ ok: true })
    expect(headersOf(fetch, 0)[CSRF_HEADER]).toBe('old')
    expect(headersOf(fetch, 1)[CSRF_HEADER]).toBe('new')
  })

  it('carries Retry-After of a 429 on the error', async () => {
    document.cookie = 'tb_csrf=t; path=/'
    const body = { title: '请求过于频繁', status: 429, code: 'too_many_requests', detail: '操作过于频繁，请等待 1 分钟后再试。' }
    const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status: 429, headers: { 'content-type': 'application/problem+json', 'retry-after': '42' } }))
    const err = (await apiPost('/auth/codes', {}, { fetch }).catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.retryAfter).toBe(42)
    expect(err.detail).toContain('1 分钟')
  })
})

describe('next= after sign-in', () => {
  it('keeps same-site paths only', () => {
    expect(safeNext('/account/passkeys')).toBe('/account/passkeys')
    expect(safeNext('/consent?client_id=a&scope=openid')).toBe('/consent?client_id=a&scope=openid')
    expect(safeNext('/')).toBe('/')
    for (const bad of ['//evil.example', '//evil.example/x', '/\\evil.example', '/\\/evil.example', 'https://evil.example/', 'javascript:alert(1)', 'account', '', ' /account', '/a\nb', undefined, null])
      expect(safeNext(bad as string | undefined), String(bad)).toBeNull()
  })

  it('goes to /oauth/authorize by a full navigation, elsewhere by routing', () => {
    const route = vi.fn()
    const assign = vi.fn()
    goNext('/oauth/authorize?client_id=x&state=y', route, '/account', assign)
    expect(assign).toHaveBeenCalledWith('/oauth/authorize?client_id=x&state=y')
    expect(route).not.toHaveBeenCalled()
    goNext('/matters/FY-GA-0007', route, '/account', assign)
    expect(route).toHaveBeenLastCalledWith('/matters/FY-GA-0007', true)
    goNext('//evil.example', route, '/account', assign)
    expect(route).toHaveBeenLastCalledWith('/account', true)
    goNext(undefined, route, '/staff', assign)
    expect(route).toHaveBeenLastCalledWith('/staff', true)
    expect(assign).toHaveBeenCalledTimes(1)
  })

  it('builds the sign-in link for a page', () => {
    expect(signinUrl('/consent?a=1&b=2')).toBe('/signin?next=%2Fconsent%3Fa%3D1%26b%3D2')
  })
})

describe('base64url fallback for passkeys', () => {
  it('round-trips bytes without padding, with - and _', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0x00, 0x01, 0x3e, 0x3f])
    const s = bytesToB64url(bytes)
    expect(s).toBe('-_-_AAE-Pw')
    expect(s).not.toMatch(/[+/=]/)
    expect([...b64urlToBytes(s)]).toEqual([...bytes])
    for (let n = 0; n < 6; n++) {
      const b = new Uint8Array(n).map((_, i) => i * 51)
      expect([...b64urlToBytes(bytesToB64url(b))]).toEqual([...b])
    }
    expect(() => b64urlToBytes('a+b')).toThrow()
  })

  it('parses request options by hand', () => {
    const o = parseRequestOptions({ challenge: 'AQID', rpId: 'localhost', userVerification: 'required', allowCredentials: [{ type: 'public-key', id: 'BAU' }] }, false)
    expect([...new Uint8Array(o.challenge as ArrayBuffer)]).toEqual([1, 2, 3])
    expect(o.rpId).toBe('localhost')
    expect(o.userVerification).toBe('required')
    expect([...new Uint8Array(o.allowCredentials![0]!.id as ArrayBuffer)]).toEqual([4, 5])
  })

  it('parses creation options by hand', () => {
    const o = parseCreationOptions(
      { challenge: 'AQID', rp: { id: 'localhost', name: '通办' }, user: { id: 'CQo', name: '138****0001', displayName: '张*' }, pubKeyCredParams: [{ type: 'public-key', alg: -7 }], excludeCredentials: [{ type: 'public-key', id: 'Cw' }] },
      false,
    )
    expect([...new Uint8Array(o.user.id as ArrayBuffer)]).toEqual([9, 10])
    expect(o.user.displayName).toBe('张*')
    expect([...new Uint8Array(o.excludeCredentials![0]!.id as ArrayBuffer)]).toEqual([11])
  })

  it('turns a credential into the JSON the API expects', () => {
    const buf = (...b: number[]) => new Uint8Array(b).buffer
    const json = credentialToJSON(
      {
        id: 'AQI',
        rawId: buf(1, 2),
        type: 'public-key',
        authenticatorAttachment: 'platform',
        getClientExtensionResults: () => ({}),
        response: { clientDataJSON: buf(123, 125), authenticatorData: buf(5), signature: buf(6), userHandle: buf(7) },
      },
      false,
    )
    expect(json).toEqual({
      id: 'AQI',
      rawId: 'AQI',
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: { clientDataJSON: 'e30', authenticatorData: 'BQ', signature: 'Bg', userHandle: 'Bw' },
    })
  })
})

describe('device names', () => {
  it('says browser and system', () => {
    expect(describeDevice('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36')).toBe('Chrome · Android')
    expect(describeDevice('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe('Safari · iOS')
    expect(describeDevice('curl/7.88.1')).toBe('curl/7.88.1')
  })
})
