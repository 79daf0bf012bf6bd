// Fetch JSON from /api/v1; turn RFC 9457 problem+json (and network failure) into ApiError.
import { BCP47, getLang, t } from '../i18n'
import { actingHeaders, noteProblem } from '../acting'

export const API_BASE = '/api/v1'

export class ApiError extends Error {
  readonly status: number
  readonly title: string
  /** the problem's type URI (…/mandate-revoked) */
  readonly type?: string
  readonly detail?: string
  readonly code?: string
  readonly errors?: Record<string, string[]>
  /** true when the request never reached the server (offline, DNS, CORS, timeout) */
  readonly offline: boolean
  /** seconds from the Retry-After header (429) */
  readonly retryAfter?: number

  constructor(p: { status: number; title: string; type?: string; detail?: string; code?: string; errors?: Record<string, string[]>; offline?: boolean; retryAfter?: number }) {
    super(p.detail ? `${p.title}: ${p.detail}` : p.title)
    this.name = 'ApiError'
    this.status = p.status
    this.title = p.title
    this.type = p.type
    this.detail = p.detail
    this.code = p.code
    this.errors = p.errors
    this.offline = p.offline ?? false
    this.retryAfter = p.retryAfter
  }
}

export type Params = Record<string, string | number | undefined | null>

/** Header that tells our service worker not to cache a response (kiosk mode stores nothing,
 * not even what was searched for on a shared machine). See vite.config.ts runtimeCaching. */
export const NO_STORE_HEADER = 'X-Tongban-No-Store'
let noStore = false
export function setNoStore(on: boolean): void {
  noStore = on
}

export function apiUrl(path: string, params: Params = {}): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  // ?lang= (not only Accept-Language) so errors come back translated and cached responses differ by language.
  q.set('lang', getLang())
  return `${API_BASE}${path}?${q}`
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)

export async function toApiError(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {}
  if (/json/.test(res.headers.get('content-type') ?? '')) {
    try {
      body = (await res.json()) as Record<string, unknown>
    } catch {
      body = {}
    }
  }
  const errors = body.errors && typeof body.errors === 'object' ? (body.errors as Record<string, string[]>) : undefined
  const retry = parseInt(res.headers.get('retry-after') ?? '', 10)
  const err = new ApiError({
    status: typeof body.status === 'number' ? body.status : res.status,
    title: str(body.title) ?? (res.status === 404 ? t('Not found') : t('Something went wrong')),
    type: str(body.type),
    detail: str(body.detail) ?? (str(body.title) ? undefined : t('The service answered with error {status}. Please try again later.', { status: res.status })),
    code: str(body.code),
    errors,
    retryAfter: retry > 0 ? retry : undefined,
  })
  // A mandate that can no longer be used ends acting for someone (src/acting.ts).
  noteProblem(err)
  return err
}

/** The double-submit CSRF token: the readable `tb_csrf` cookie, sent back as X-CSRF-Token. */
export const CSRF_COOKIE = 'tb_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'
export function csrfToken(cookies: string = typeof document === 'undefined' ? '' : document.cookie): string {
  for (const part of cookies.split(';')) {
    const i = part.indexOf('=')
    if (i > 0 && part.slice(0, i).trim() === CSRF_COOKIE) return decodeURIComponent(part.slice(i + 1).trim())
  }
  return ''
}

export interface CallOptions {
  signal?: AbortSignal
  fetch?: typeof fetch
}

export function apiGet<T>(path: string, params?: Params, init: CallOptions = {}): Promise<T> {
  return request<T>('GET', path, params, undefined, init)
}

/** A state change: JSON body, X-CSRF-Token from the tb_csrf cookie (the server sets it on any
 * response, so a visit that has not called the API yet asks for it once first). */
export async function apiPost<T>(path: string, body: unknown = {}, init: CallOptions = {}): Promise<T> {
  if (!csrfToken() && typeof document !== 'undefined') await request('GET', '/health', undefined, undefined, init).catch(() => undefined)
  try {
    return await request<T>('POST', path, undefined, body, init)
  } catch (e) {
    // Two first requests of a visit can each get a fresh cookie; the later one wins. The server
    // refused before changing anything, so one retry with the cookie as it is now is safe.
    if (e instanceof ApiError && e.code === 'csrf_failed') return request<T>('POST', path, undefined, body, init)
    throw e
  }
}

async function request<T>(method: 'GET' | 'POST', path: string, params: Params | undefined, body: unknown, init: CallOptions): Promise<T> {
  const doFetch = init.fetch ?? fetch
  let res: Response
  try {
    res = await doFetch(apiUrl(path, params), {
      method,
      headers: {
        Accept: 'application/json, application/problem+json',
        'Accept-Language': BCP47[getLang()],
        ...(noStore ? { [NO_STORE_HEADER]: '1' } : {}),
        ...actingHeaders(path),
        ...(method === 'POST' ? { 'Content-Type': 'application/json', [CSRF_HEADER]: csrfToken() } : {}),
      },
      body: method === 'POST' ? JSON.stringify(body) : undefined,
      signal: init.signal,
      credentials: 'same-origin',
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError({
      status: 0,
      offline: true,
      title: t('Could not reach the service'),
      detail: t('Check your connection. Pages you have opened before can still be read offline.'),
    })
  }
  if (!res.ok) throw await toApiError(res)
  return (await res.json()) as T
}
