// Acting for someone (为家人办): while on, every API request names the mandate in the `Acting-For`
// header and the server checks it each time. The choice lives in sessionStorage, not localStorage: a
// phone passed around the family forgets it when the tab closes (and kiosk mode keeps it in memory
// only). A 403 saying the mandate is not (or no longer) usable ends acting mode at once, keeping the
// server's words to show in the acting bar; signing out ends it too (components/Layout.tsx).
import { useEffect, useState } from 'preact/hooks'

export const ACTING_HEADER = 'Acting-For'
export const ACTING_KEY = 'tb.acting'

export interface Acting {
  /** the mandate's id ("MD" + 10 characters), sent in Acting-For */
  mandate: string
  /** the principal's name, as the mandate shows it (masked in a 帮办 session) */
  name: string
  /** the signed-in account that acts: another person signing in on this tab is not acting */
  account: number
  /** 'assist': a helper in a 帮办 session (drafts only; the resident confirms) */
  kind: 'mandate' | 'assist'
}

/** Why acting mode ended by itself: the server's own sentence (already translated). */
export interface ActingEnded {
  name: string
  detail: string
}

/** Problem types (their last part) that mean the mandate cannot be used at all any more. */
export const ENDING_PROBLEMS = ['mandate-unknown', 'mandate-pending', 'mandate-revoked', 'mandate-expired', 'mandate-refused', 'mandate-not-started'] as const

/** Requests about oneself, never made for someone: sign-in and sign-out, one's own profile, one's own
 * authorisations and 帮办 sessions (the server refuses to manage mandates while acting). */
const OWN_PATHS = [/^\/auth\//, /^\/me$/, /^\/me\/mandates(\/|$)/, /^\/mandates(\/|$)/, /^\/assist-sessions(\/|$)/, /^\/health$/, /^\/dev\//]

let current: Acting | null | undefined
let ended: ActingEnded | null = null
let persist = true
const listeners = new Set<() => void>()

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage
  } catch {
    return null
  }
}

function isActing(v: unknown): v is Acting {
  if (!v || typeof v !== 'object') return false
  const o = v as Record<string, unknown>
  return typeof o.mandate === 'string' && /^MD[0-9A-Z]{10}$/.test(o.mandate) && typeof o.name === 'string' && typeof o.account === 'number' && (o.kind === 'mandate' || o.kind === 'assist')
}

function load(): Acting | null {
  try {
    const raw = storage()?.getItem(ACTING_KEY)
    const v: unknown = raw ? JSON.parse(raw) : null
    return isActing(v) ? v : null
  } catch {
    return null
  }
}

function save(a: Acting | null): void {
  try {
    if (a && persist) storage()?.setItem(ACTING_KEY, JSON.stringify(a))
    else storage()?.removeItem(ACTING_KEY)
  } catch {
    // Storage disabled: acting lasts as long as the page.
  }
}

function changed(): void {
  listeners.forEach((fn) => fn())
}

/** Who I am acting for now, or null. */
export function getActing(): Acting | null {
  if (current === undefined) current = load()
  return current
}

/** Why acting last ended by itself (null: it did not, or the note was dismissed). */
export const getActingEnded = (): ActingEnded | null => ended

export function startActing(a: Acting): void {
  current = a
  ended = null
  save(a)
  changed()
}

/** Leave acting mode; `why` (the server's detail) is shown to the person. */
export function stopActing(why?: string): void {
  const was = getActing()
  current = null
  ended = was && why ? { name: was.name, detail: why } : null
  save(null)
  changed()
}

export function dismissActingEnded(): void {
  ended = null
  changed()
}

/** Kiosk mode stores nothing: keep the choice in memory only. */
export function setActingPersist(on: boolean): void {
  if (persist === on) return
  persist = on
  save(getActing())
}

export function subscribeActing(fn: () => void): () => void {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

/** The headers a request to `path` (under /api/v1) carries for acting mode. */
export function actingHeaders(path: string): Record<string, string> {
  const a = getActing()
  if (!a || OWN_PATHS.some((re) => re.test(path))) return {}
  return { [ACTING_HEADER]: a.mandate }
}

/** True for a problem that means the mandate cannot be used any more. */
export function endsActing(p: { status: number; type?: string; code?: string }): boolean {
  if (p.status !== 403) return false
  const name = (p.type ?? '').split('/').pop() ?? ''
  const code = (p.code ?? '').replace(/_/g, '-')
  return ENDING_PROBLEMS.some((e) => name === e || code === e)
}

/** Every API error passes here (api/client.ts): one that ends the mandate ends acting mode. */
export function noteProblem(p: { status: number; type?: string; code?: string; detail?: string; title?: string }): void {
  if (getActing() && endsActing(p)) stopActing(p.detail || p.title || '')
}

/** The acting state, re-rendering on change. */
export function useActing(): { acting: Acting | null; ended: ActingEnded | null } {
  const [, setN] = useState(0)
  useEffect(() => subscribeActing(() => setN((n) => n + 1)), [])
  return { acting: getActing(), ended }
}

/** For tests: forget everything held in memory. */
export function resetActingForTests(): void {
  current = undefined
  ended = null
  persist = true
  listeners.clear()
}
