import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, apiGet, apiPost } from '../src/api/client'
import { uploadTo } from '../src/cases/upload'
import { draftKey } from '../src/cases/store'
import { ACTING_HEADER, ACTING_KEY, actingHeaders, endsActing, getActing, getActingEnded, resetActingForTests, setActingPersist, startActing, stopActing, subscribeActing } from '../src/acting'

const DAUGHTER = 6
const acting = { mandate: 'MD23456789AB', name: '王建国', account: DAUGHTER, kind: 'mandate' as const }

const respond = (status: number, body: unknown, type = 'application/json') =>
  vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } }))
const headersOf = (fetch: ReturnType<typeof respond>, call = 0) => (fetch.mock.calls[call]![1]!.headers ?? {}) as Record<string, string>
const problem = (slug: string, detail: string) => ({ type: `https://tongban.example/problems/${slug}`, title: '无权办理', status: 403, detail, code: slug.replace(/-/g, '_') })

beforeEach(() => {
  sessionStorage.clear()
  localStorage.clear()
  resetActingForTests()
  document.cookie = 'tb_csrf=abc'
})
afterEach(() => resetActingForTests())

describe('acting for someone', () => {
  it('sends no Acting-For header when not acting', async () => {
    const fetch = respond(200, { items: [] })
    await apiGet('/me/cases', {}, { fetch })
    expect(headersOf(fetch)[ACTING_HEADER]).toBeUndefined()
  })

  it('names the mandate on every request while on, GET and POST alike', async () => {
    startActing(acting)
    const fetch = respond(200, {})
    await apiGet('/me/cases', {}, { fetch })
    await apiPost('/cases', { matter: 'FY-GA-0010' }, { fetch })
    expect(headersOf(fetch, 0)[ACTING_HEADER]).toBe('MD23456789AB')
    expect(headersOf(fetch, 1)[ACTING_HEADER]).toBe('MD23456789AB')
  })

  it('leaves it off the requests about oneself: sign-in, profile, own authorisations, 帮办', () => {
    startActing(acting)
    for (const path of ['/auth/signout', '/me', '/me/mandates', '/me/mandates/activity', '/mandates', '/mandates/MD23456789AB/revoke', '/assist-sessions/123456/join']) {
      expect(actingHeaders(path), path).toEqual({})
    }
    expect(actingHeaders('/me/inbox')).toEqual({ [ACTING_HEADER]: 'MD23456789AB' })
    expect(actingHeaders('/cases/TB20260101000001/materials')).toEqual({ [ACTING_HEADER]: 'MD23456789AB' })
  })

  it('adds the header to material uploads (XMLHttpRequest) too', async () => {
    startActing(acting)
    const headers: Record<string, string> = {}
    const xhr = {
      upload: {},
      status: 201,
      responseText: '{"id":1}',
      open: () => undefined,
      setRequestHeader: (k: string, v: string) => (headers[k] = v),
      getResponseHeader: () => 'application/json',
      send() {
        setTimeout(() => (this as unknown as { onload: () => void }).onload(), 0)
      },
    }
    await uploadTo('/cases/TB20260101000001/materials', 'm', new Blob(['x']), 'a.png', { xhr: () => xhr as unknown as XMLHttpRequest })
    expect(headers[ACTING_HEADER]).toBe('MD23456789AB')
  })

  it('is kept in sessionStorage, never localStorage, and nowhere in kiosk mode', () => {
    startActing(acting)
    expect(JSON.parse(sessionStorage.getItem(ACTING_KEY)!)).toEqual(acting)
    expect(localStorage.length).toBe(0)
    resetActingForTests()
    expect(getActing()).toEqual(acting) // read back after a reload of the page
    setActingPersist(false)
    expect(sessionStorage.getItem(ACTING_KEY)).toBeNull()
    expect(getActing()).toEqual(acting)
  })

  it.each(['mandate-revoked', 'mandate-expired', 'mandate-pending', 'mandate-unknown', 'mandate-refused', 'mandate-not-started'])('turns off on a 403 %s, keeping the server’s words', async (slug) => {
    startActing(acting)
    const seen = vi.fn()
    subscribeActing(seen)
    const detail = '该授权已于 2026-05-01 撤销，本次操作未执行。'
    const err = await apiGet('/cases/TB20260101000001', {}, { fetch: respond(403, problem(slug, detail), 'application/problem+json') }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).type).toMatch(new RegExp(`${slug}$`))
    expect(getActing()).toBeNull()
    expect(sessionStorage.getItem(ACTING_KEY)).toBeNull()
    expect(getActingEnded()).toEqual({ name: '王建国', detail })
    expect(seen).toHaveBeenCalled()
    const next = respond(200, {})
    await apiGet('/me/cases', {}, { fetch: next })
    expect(headersOf(next)[ACTING_HEADER]).toBeUndefined()
  })

  it('stays on for a refusal about one service or one permission', async () => {
    startActing(acting)
    await apiPost('/cases', { matter: 'FY-SJ-0006' }, { fetch: respond(403, problem('mandate-scope', '该授权不包括此事项'), 'application/problem+json') }).catch(() => undefined)
    await apiPost('/cases', { matter: 'FY-GA-0010' }, { fetch: respond(403, problem('mandate-permission', '不允许办理'), 'application/problem+json') }).catch(() => undefined)
    expect(getActing()).toEqual(acting)
    expect(endsActing({ status: 404, type: 'x/mandate-revoked' })).toBe(false)
    expect(endsActing({ status: 403, code: 'mandate_not_started' })).toBe(true)
  })

  it('keeps drafts made for someone apart from one’s own', () => {
    expect(draftKey(DAUGHTER, 'FY-GA-0010')).toBe('6:FY-GA-0010')
    startActing(acting)
    expect(draftKey(DAUGHTER, 'FY-GA-0010')).toBe('6@MD23456789AB:FY-GA-0010')
    stopActing()
    expect(draftKey(DAUGHTER, 'FY-GA-0010')).toBe('6:FY-GA-0010')
    expect(getActingEnded()).toBeNull()
  })
})
