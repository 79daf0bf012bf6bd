// The wallet kept on this device for going offline (design §9: the static QR works with no network):
// my licences' summaries and each one's static QR, in localStorage `tb.wallet`, for one account.
// Only the static QR's minimal claims and the summary are kept (no fields, no history); nothing is
// kept in kiosk mode or while acting for someone; signing out forgets it (useForgetOnSignOut).
import { useEffect } from 'preact/hooks'
import { apiGet } from '../../api/client'
import type { Licence, LicenceSummary } from './types'

export const WALLET_KEY = 'tb.wallet'

export interface CachedQr {
  identifier: string
  static_qr: string
  static_qr_svg: string
}

export interface CachedWallet {
  account: number
  /** when the list was last fetched (ms) */
  saved: number
  items: LicenceSummary[]
  qr: Record<string, CachedQr>
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

function isWallet(v: unknown): v is CachedWallet {
  if (!v || typeof v !== 'object') return false
  const o = v as Record<string, unknown>
  return typeof o.account === 'number' && typeof o.saved === 'number' && Array.isArray(o.items) && !!o.qr && typeof o.qr === 'object'
}

/** The kept wallet (of `account` when given), or null. */
export function readWallet(account?: number, store: Storage | null = storage()): CachedWallet | null {
  try {
    const v: unknown = JSON.parse(store?.getItem(WALLET_KEY) ?? 'null')
    return isWallet(v) && (account === undefined || v.account === account) ? v : null
  } catch {
    return null
  }
}

function write(w: CachedWallet, store: Storage | null): void {
  try {
    store?.setItem(WALLET_KEY, JSON.stringify(w))
  } catch {
    // Storage full or disabled: the wallet is not kept for offline use, nothing else changes.
  }
}

/** Keep my licences' list (the static QR of a licence no longer listed is dropped). */
export function keepList(account: number, items: LicenceSummary[], now = Date.now(), store: Storage | null = storage()): void {
  const old = readWallet(account, store)
  const qr: Record<string, CachedQr> = {}
  for (const l of items) {
    const q = old?.qr[String(l.id)]
    if (q && q.identifier === l.identifier) qr[String(l.id)] = q
  }
  write({ account, saved: now, items, qr }, store)
}

/** Keep one licence's summary and static QR. */
export function keepLicence(account: number, l: Licence, now = Date.now(), store: Storage | null = storage()): void {
  const w = readWallet(account, store) ?? { account, saved: now, items: [], qr: {} }
  const { fields: _f, field_labels: _fl, static_qr, static_qr_svg, case: _c, history: _h, ...summary } = l
  const items = w.items.some((x) => x.id === l.id) ? w.items.map((x) => (x.id === l.id ? summary : x)) : [...w.items, summary]
  write({ ...w, items, qr: { ...w.qr, [String(l.id)]: { identifier: l.identifier, static_qr, static_qr_svg } } }, store)
}

/** Licences of the list whose static QR is not kept yet (fetched once, in the background). */
export function missingQr(w: CachedWallet): LicenceSummary[] {
  return w.items.filter((l) => w.qr[String(l.id)]?.identifier !== l.identifier)
}

export function forgetWallet(store: Storage | null = storage()): void {
  try {
    store?.removeItem(WALLET_KEY)
  } catch {
    // nothing kept
  }
}

/** Whether this visit may keep the wallet on the device. */
export const mayKeep = (kiosk: boolean, acting: boolean): boolean => !kiosk && !acting

/** On a page seen signed out: when the server answers (so "signed out" is not just "offline"),
 * the wallet kept on this device is forgotten. */
export function useForgetOnSignOut(signedOut: boolean): void {
  useEffect(() => {
    if (!signedOut || !readWallet()) return
    const ctl = new AbortController()
    apiGet('/health', undefined, { signal: ctl.signal }).then(
      () => forgetWallet(),
      () => undefined,
    )
    return () => ctl.abort()
  }, [signedOut])
}
