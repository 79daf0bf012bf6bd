// Checking a code on this device when the server cannot be reached: a licence's own QR code against
// the cached trust list; anything else needs the network (a shown licence is a single-use token only
// the server knows).
import { verifyStatic } from '../../verify/offline'
import { cachedTrustList, type CachedTrust } from '../../verify/trustList'
import type { QrKind } from '../../verify/types'
import { verdictLabel } from './labels'
import type { Shown } from './Verdict'

export function kindOf(qr: string): QrKind {
  if (qr.startsWith('TBL1:')) return 'static_licence'
  if (qr.startsWith('TBP1:')) return 'presentation'
  if (qr.startsWith('TBR1:')) return 'receipt'
  if (qr.startsWith('TBA1:')) return 'assist_session'
  return 'unknown'
}

export async function checkOnDevice(qr: string, held: CachedTrust | null): Promise<Shown> {
  const kind = kindOf(qr)
  const base = { kind, licence: null, checked_at: new Date().toISOString(), offline: true }
  if (kind === 'unknown') return { ...base, verdict: 'unreadable', verdict_label: verdictLabel('unreadable') }
  const trust = held ?? (await cachedTrustList())
  if (kind !== 'static_licence' || !trust) return { ...base, verdict: 'unreadable', verdict_label: '', needsNetwork: true, noTrust: kind === 'static_licence' }
  const r = await verifyStatic(qr, trust.list)
  return { ...base, verdict: r.verdict, verdict_label: verdictLabel(r.verdict), licence: r.licence, trustFetchedAt: trust.fetchedAt }
}
