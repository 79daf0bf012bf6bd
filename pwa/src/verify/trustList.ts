// The trust list, kept for offline verification: fetched from GET /api/v1/trust-list when the scanner
// opens and every 10 minutes while it is open (and when the network comes back), its Ed25519
// signature checked, and stored in localStorage with the time it was fetched.
//
// Pinning, kept simple on purpose. The first signer key seen is pinned (localStorage). A cached list
// is used offline only when its signature verifies with the pinned key, so a list put into storage
// by anything else is never trusted. A list signed by another key is refused, except when it comes
// fresh from the server (online: the fetch just succeeded, not the HTTP cache) and is newer than the
// one we hold: that is how a rotation of the platform's key arrives, and the new key is pinned.
// Refusing it even then would buy nothing: the same origin serves this very code, so whoever could
// send a false list from it could as well send a scanner that trusts anything. What the pin does
// stop is a stale list, or one signed by a key we never saw, taking over the offline verifier. An
// older list never replaces a newer one (a replayed list must not bring back a removed key).
import { ApiError, apiGet } from '../api/client'
import { ed25519Verify, fromB64url } from './ed25519'
import type { TrustList } from './types'

export const STORE_KEY = 'tb.trust-list'
export const PIN_KEY = 'tb.trust-signer'
export const REFRESH_MS = 10 * 60 * 1000

export interface CachedTrust {
  list: TrustList
  /** when this device fetched it (ms since the epoch) */
  fetchedAt: number
}

/** The JSON the platform signed: every key sorted, no spaces, non-ASCII as is (Python's json.dumps
 * with sort_keys=True, separators=(",", ":"), ensure_ascii=False), without "signature". */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

const isList = (x: unknown): x is TrustList => {
  const l = x as TrustList
  return !!l && typeof l === 'object' && Array.isArray(l.keys) && Array.isArray(l.licence_types) && typeof l.signature === 'string' && typeof l.issued_at === 'string' && !!l.signer && typeof l.signer.public_key === 'string'
}

/** The list's signature verifies with `key` (default: the signer key it names). */
export async function signatureOk(list: TrustList, key: string = list.signer.public_key): Promise<boolean> {
  if (!isList(list) || list.signer.alg !== 'Ed25519') return false
  const { signature, ...body } = list
  return ed25519Verify(key, fromB64url(signature), new TextEncoder().encode(canonicalJson(body)))
}

export type Refusal = 'bad_signature' | 'other_signer' | 'older'

/** Whether a list fetched from the server may replace `held`, given the pinned signer key. */
export async function accept(fetched: TrustList, held: CachedTrust | null, pinned: string | null, online: boolean): Promise<Refusal | null> {
  if (!(await signatureOk(fetched))) return 'bad_signature'
  if (held && fetched.issued_at < held.list.issued_at) return 'older'
  if (pinned && fetched.signer.public_key !== pinned) {
    const newer = !held || fetched.issued_at > held.list.issued_at
    if (!(online && newer)) return 'other_signer'
  }
  return null
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}
/** Kiosk mode (a shared machine) stores nothing: the list then lives only in memory for the visit. */
export const kiosk = (): boolean => typeof document !== 'undefined' && document.documentElement.dataset.mode === 'kiosk'

function write(key: string, value: string): void {
  if (kiosk()) return
  try {
    localStorage.setItem(key, value)
  } catch {
    // storage full or disabled: this visit still has the list in memory
  }
}

let memory: CachedTrust | null = null

/** The cached list, only if its signature verifies with the pinned key. */
export async function cachedTrustList(): Promise<CachedTrust | null> {
  if (memory) return memory
  const pinned = read(PIN_KEY)
  try {
    const held = JSON.parse(read(STORE_KEY) ?? 'null') as CachedTrust | null
    if (held && pinned && typeof held.fetchedAt === 'number' && isList(held.list) && (await signatureOk(held.list, pinned))) memory = held
  } catch {
    // unreadable: as if none
  }
  return memory
}

export interface RefreshResult {
  trust: CachedTrust | null
  /** why the fetched list was not taken, or `offline` when the server could not be reached */
  problem?: Refusal | 'offline' | 'error'
}

let running: Promise<RefreshResult> | null = null

/** Fetch, check and keep the list; the cached one stays when the fetch fails or is refused. */
export function refreshTrustList(get: () => Promise<TrustList> = () => apiGet<TrustList>('/trust-list')): Promise<RefreshResult> {
  const run = async (): Promise<RefreshResult> => {
    const held = await cachedTrustList()
    let fetched: TrustList
    try {
      fetched = await get()
    } catch (e) {
      return { trust: held, problem: e instanceof ApiError && e.offline ? 'offline' : 'error' }
    }
    const refusal = await accept(fetched, held, read(PIN_KEY), typeof navigator === 'undefined' || navigator.onLine)
    if (refusal) return { trust: held, problem: refusal }
    memory = { list: fetched, fetchedAt: Date.now() }
    write(PIN_KEY, fetched.signer.public_key)
    write(STORE_KEY, JSON.stringify(memory))
    return { trust: memory }
  }
  running ??= run().finally(() => {
    running = null
  })
  return running
}

/** Forget the in-memory copy (tests). */
export function resetTrustMemory(): void {
  memory = null
}
