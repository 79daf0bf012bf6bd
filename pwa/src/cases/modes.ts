// The ways to apply beyond online (docs/api-contract.md "Case modes"), as pure functions the clerk's
// and the resident's pages share: which places receive which matters and how, the formal-review
// checklist's rule, the receipt QR, and regions inside a jurisdiction. Unit-tested in tests/window.test.ts.
import { t } from '../i18n'
import type { ChecklistItem } from '../api/types'
import { compareCodes } from '../directory'

/** 跨省通办 windows and agency points (village, park): they receive the matters offered
 * "received here, handled there" (proxy_window) or jointly (backend cases/reception.py). */
export const PROXY_KINDS: ReadonlySet<string> = new Set(['kstb', 'village', 'park'])
/** Every window that receives applications; the help desks (help) receive none. */
export const RECEIVING_KINDS: ReadonlySet<string> = new Set([...PROXY_KINDS, 'citywide', 'general', 'enterprise'])

export type WindowMode = 'proxy_window' | 'joint'

export interface ReceivableMatter {
  modes: readonly string[]
  scopes: readonly string[]
}

/** How a place of `kind` may receive the matter: proxy_window (收受分离, or 全市通办 for a matter on
 * the citywide list) and/or joint (多地联办); empty when it may not. The server decides again. */
export function modesAt(kind: string, m: ReceivableMatter): WindowMode[] {
  if (!RECEIVING_KINDS.has(kind)) return []
  const proxy = PROXY_KINDS.has(kind)
  const citywide = m.scopes.includes('citywide')
  const out: WindowMode[] = []
  if ((proxy && m.modes.includes('proxy_window')) || citywide) out.push('proxy_window')
  if (m.modes.includes('joint') && (proxy || citywide)) out.push('joint')
  return out
}

export const placeReceives = (kind: string, m: ReceivableMatter): boolean => modesAt(kind, m).length > 0

/** What a place of this kind receives, said to the clerk. */
export function receivesLabel(kind: string): string {
  if (PROXY_KINDS.has(kind)) return t('This place receives cross-province services (received here, handled there) and the citywide services.')
  if (RECEIVING_KINDS.has(kind)) return t('This window receives the citywide services.')
  return t('This window does not receive applications.')
}

/** GB/T 2260: `region` is `jurisdiction` or lies inside it, following the parent chain. */
export function regionWithin(region: string, jurisdiction: string, parents: ReadonlyMap<string, string | null>): boolean {
  let r: string | null | undefined = region
  for (let seen = 0; r && seen < 10; seen++) {
    if (r === jurisdiction) return true
    r = parents.get(r)
  }
  return false
}

/** A checklist item the clerk must check before receiving: every condition, every required
 * material, and every material provided (a file of it uploaded), as the server requires. */
export function checklistNeeded(item: Pick<ChecklistItem, 'kind' | 'required' | 'text'>, provided: ReadonlySet<string>): boolean {
  return item.kind === 'condition' || item.required || provided.has(item.text)
}

/** The unchecked items that must be checked, keyed as the server keys them (`checklist.<key>`). */
export function checklistErrors(items: readonly ChecklistItem[], checked: ReadonlySet<string>, provided: ReadonlySet<string>): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  for (const item of items) {
    if (checklistNeeded(item, provided) && !checked.has(item.key)) {
      errors[`checklist.${item.key}`] = [
        item.kind === 'condition' ? t('Confirm this condition is met, or do not receive the application.') : t('Confirm you have seen the original and kept a copy, or do not receive the application.'),
      ]
    }
  }
  return errors
}

export const CASE_NUMBER = /^TB\d{14}$/

/** The case number in what a clerk typed or a camera read: a case number (spaces and case
 * ignored) or the receipt QR `TBR1:<number>:<token>` (backend cases/receipt.py). */
export function caseNumberFrom(text: string): string | null {
  const s = text.replace(/\s+/g, '').toUpperCase()
  const qr = /^TBR1:(TB\d{14}):[A-Z2-7]{16}$/.exec(s)
  if (qr) return qr[1]!
  return CASE_NUMBER.test(s) ? s : null
}

/** The look-up token of a receipt QR (it works as the query code of /case-status). */
export function receiptToken(text: string): string | null {
  const qr = /^TBR1:TB\d{14}:([A-Z2-7]{16})$/.exec(text.replace(/\s+/g, '').toUpperCase())
  return qr ? qr[1]! : null
}

/** Words for a case mode at the window. */
export function windowModeLabel(mode: string): string {
  switch (mode) {
    case 'proxy_window': return t('Handled by the department that owns the service')
    case 'joint': return t('Handled jointly: each participating department decides its part')
    default: return mode
  }
}

/** The route the server recorded for a window case. */
export function routeLabel(route: string): string {
  switch (route) {
    case 'proxy_window': return t('Received here, handled there')
    case 'citywide': return t('Citywide service')
    default: return route
  }
}

/** A window or agency point where a clerk may receive applications. */
export interface Place {
  code: string
  name: string
  kind: string
  region: string
  /** one of the clerk's own posts */
  mine: boolean
}

/** The places in the clerk's jurisdictions of the given kinds (null: every kind): their own post
 * windows first (in the order of their posts), then the other windows, then the agency points, each
 * by code. */
export function clerkPlaces(
  centres: readonly { name: string; region_code: string; windows: readonly { code: string; name: string; kind: string }[] }[],
  points: readonly { code: string; name: string; kind: string; region_code: string }[],
  jurisdictions: readonly string[],
  posts: readonly string[],
  parents: ReadonlyMap<string, string | null>,
  kinds: ReadonlySet<string> | null,
): Place[] {
  const inside = (region: string) => jurisdictions.some((j) => regionWithin(region, j, parents))
  const wanted = (kind: string) => kinds === null || kinds.has(kind)
  const found: Place[] = []
  for (const c of centres) {
    if (!inside(c.region_code)) continue
    for (const w of c.windows) {
      if (wanted(w.kind)) found.push({ code: w.code, name: `${c.name} ${w.name}`, kind: w.kind, region: c.region_code, mine: posts.includes(w.code) })
    }
  }
  for (const p of points) {
    if (inside(p.region_code) && wanted(p.kind)) found.push({ code: p.code, name: p.name, kind: p.kind, region: p.region_code, mine: posts.includes(p.code) })
  }
  const rank = (p: Place) => (p.mine ? posts.indexOf(p.code) : posts.length + (p.kind === 'village' || p.kind === 'park' ? 1 : 0))
  return found.sort((a, b) => rank(a) - rank(b) || compareCodes(a.code, b.code))
}

/** The places where the clerk may receive applications (not the help desks). */
export function receivingPlaces(
  centres: Parameters<typeof clerkPlaces>[0],
  points: Parameters<typeof clerkPlaces>[1],
  jurisdictions: readonly string[],
  posts: readonly string[],
  parents: ReadonlyMap<string, string | null>,
): Place[] {
  return clerkPlaces(centres, points, jurisdictions, posts, parents, RECEIVING_KINDS)
}
