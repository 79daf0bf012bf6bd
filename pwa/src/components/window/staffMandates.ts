// What the clerk's and the reviewer's mandate pages share: their types (from the generated schema),
// requests made as the staff member themself (never with the Acting-For header, even while a 帮办
// session's acting mode is on in this tab), the multipart POST of a window mandate, and words.
import type { components } from '../../api/schema'
import { ApiError, apiGet, apiUrl, csrfToken, CSRF_HEADER, toApiError } from '../../api/client'
import { ACTING_HEADER } from '../../acting'
import { BCP47, getLang, t } from '../../i18n'

/** As api/types.ts: the backend sends every documented field. */
type Full<T> = T extends (infer U)[] ? Full<U>[] : T extends object ? { [K in keyof T]-?: Full<Exclude<T[K], undefined>> } : T
type S = components['schemas']
export type Mandate = Full<S['Mandate']>
export type MandateList = Full<S['MandateList']>
export type AssistSession = Full<S['AssistSession']>
export type AssistConfirmed = Full<S['AssistConfirmed']>
export interface Category {
  code: string
  name: string
}

/** A fetch for apiGet/apiPost that drops Acting-For: the clerk's own requests. */
export const asSelf: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers)
  headers.delete(ACTING_HEADER)
  return fetch(input, { ...init, headers })
}
export const SELF = { fetch: asSelf }

/** POST multipart/form-data (the window mandate with its photographed form), as the clerk. */
export async function postForm<T>(path: string, body: FormData): Promise<T> {
  if (!csrfToken() && typeof document !== 'undefined') await apiGet('/health', undefined, SELF).catch(() => undefined)
  let res: Response
  try {
    res = await fetch(apiUrl(path), {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { Accept: 'application/json, application/problem+json', 'Accept-Language': BCP47[getLang()], [CSRF_HEADER]: csrfToken() },
    })
  } catch {
    throw new ApiError({ status: 0, offline: true, title: t('Could not reach the service'), detail: t('Nothing was recorded. Check the connection and press the button again.') })
  }
  if (!res.ok) throw await toApiError(res)
  return (await res.json()) as T
}

export const asApiError = (e: unknown): ApiError => (e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))

export const PERMISSIONS = ['view', 'apply', 'sign', 'receive'] as const
export type Permission = (typeof PERMISSIONS)[number]

export function permissionLabel(p: string): string {
  switch (p) {
    case 'view': return t('See their cases and licences')
    case 'apply': return t('Apply, upload materials and submit for them')
    case 'sign': return t('Rate and pay fees for them')
    case 'receive': return t('Receive their results and messages')
    default: return p
  }
}

/** The end of the day `date` (YYYY-MM-DD) where the clerk is, as an ISO time with its zone. */
export function endOfDay(date: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return null
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59)
  if (d.getFullYear() !== Number(m[1]) || d.getMonth() !== Number(m[2]) - 1 || d.getDate() !== Number(m[3])) return null
  return d.toISOString()
}

/** Today (where the clerk is) plus `days`, as YYYY-MM-DD for a date input. */
export function dayFromToday(days: number, now: Date = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** The six digits of a 帮办 code typed or read from its QR (`TBA1:<6 digits>`); null if neither. */
export function assistCodeFrom(text: string): string | null {
  const s = text.replace(/\s+/g, '').toUpperCase()
  const qr = /^TBA1:(\d{6})$/.exec(s)
  if (qr) return qr[1]!
  return /^\d{6}$/.test(s) ? s : null
}

/** A unified social credit code (GB 32100): 18 characters of its alphabet. */
export const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/

export const PHONE = /^1[3-9]\d{9}$/

/** How an agent came to act on a case (the case's agent.kind). */
export function agentKindLabel(kind: string | null): string {
  switch (kind) {
    case 'family': return t('authorised by the applicant')
    case 'guardian': return t('legal guardian')
    case 'enterprise_agent': return t('agent of the enterprise')
    case 'assisted': return t('helped in a help session')
    default: return ''
  }
}
