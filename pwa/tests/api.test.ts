import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, apiGet, apiUrl } from '../src/api/client'
import { setLang } from '../src/i18n'

const respond = (status: number, body: unknown, type = 'application/json') =>
  vi.fn(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': type } }))

afterEach(() => setLang('zh_Hans'))

describe('api client', () => {
  it('asks for the current language by ?lang= and Accept-Language', async () => {
    setLang('zh_Hant')
    const fetch = respond(200, { items: [] })
    await apiGet('/lists', { page: 2, q: '' }, { fetch })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/lists?page=2&lang=zh_Hant')
    expect((init.headers as Record<string, string>)['Accept-Language']).toBe('zh-Hant')
    expect(apiUrl('/matters', { scope: 'kstb', mode: undefined })).toBe('/api/v1/matters?scope=kstb&lang=zh_Hant')
  })

  it('turns problem+json into an ApiError with title, detail and field errors', async () => {
    const problem = {
      type: 'https://tongban.example/problems/validation_error',
      title: '请求有误',
      status: 400,
      detail: '每页数量不能超过 100',
      code: 'validation_error',
      errors: { per_page: ['最大为 100'] },
    }
    const err = await apiGet('/matters', { per_page: 500 }, { fetch: respond(400, problem, 'application/problem+json') }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 400, title: '请求有误', detail: '每页数量不能超过 100', code: 'validation_error', offline: false })
    expect((err as ApiError).errors).toEqual({ per_page: ['最大为 100'] })
  })

  it('still gives a readable error when the body is not JSON', async () => {
    const err = (await apiGet('/matters/X', {}, { fetch: respond(502, '<html>bad gateway</html>', 'text/html') }).catch((e: unknown) => e)) as ApiError
    expect(err.status).toBe(502)
    expect(err.title).toBe('出错了')
    expect(err.detail).toContain('502')
  })

  it('reports a network failure as offline', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    })
    const err = (await apiGet('/lists', {}, { fetch }).catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.offline).toBe(true)
    expect(err.status).toBe(0)
  })
})

describe('kiosk requests', () => {
  it('ask the service worker not to cache anything', async () => {
    const { setNoStore, NO_STORE_HEADER } = await import('../src/api/client')
    const fetch = respond(200, {})
    setNoStore(true)
    await apiGet('/matters', { q: '离婚' }, { fetch })
    setNoStore(false)
    await apiGet('/matters', {}, { fetch })
    const headers = fetch.mock.calls.map((c) => (c as unknown as [string, RequestInit])[1].headers as Record<string, string>)
    expect(headers[0]![NO_STORE_HEADER]).toBe('1')
    expect(headers[1]![NO_STORE_HEADER]).toBeUndefined()
  })
})
