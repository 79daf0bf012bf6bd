// Verifying a static licence QR with no network, as the server does (backend/tongban/licences/
// verify.py _static) but against the cached trust list: read it, find the issuer's key by kid,
// check the Ed25519 seal with WebCrypto, name the type, rebuild the identifier, and compare the end
// date with today in China. What it cannot know offline is whether the licence was revoked or
// suspended since: the page says so.
import { Unreadable } from './errors'
import { ed25519Verify, toHex } from './ed25519'
import { identifier } from './ids'
import { EDDSA, openQr } from './licenceQr'
import type { TrustList, Verdict, VerifiedLicence } from './types'

export interface LocalResult {
  verdict: Verdict
  licence: VerifiedLicence | null
}

/** Today's date in China (UTC+8, no daylight saving), as the server's china_date. */
export const chinaToday = (now: Date = new Date()): string => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

export async function verifyStatic(text: string, list: TrustList, now: Date = new Date()): Promise<LocalResult> {
  let sealed
  try {
    sealed = openQr(text)
  } catch (e) {
    if (e instanceof Unreadable) return { verdict: 'unreadable', licence: null }
    throw e
  }
  if (sealed.algorithm !== EDDSA) return { verdict: 'bad_signature', licence: null }
  const kid = toHex(sealed.kid)
  const entries = list.keys.filter((k) => k.kid === kid)
  if (!entries.length) return { verdict: 'unknown_issuer', licence: null }
  let issuer = null
  for (const e of entries) {
    if (e.alg === 'Ed25519' && (await ed25519Verify(e.public_key, sealed.signature, sealed.message))) {
      issuer = e
      break
    }
  }
  if (!issuer) return { verdict: 'bad_signature', licence: null }
  const c = sealed.claims
  const type = list.licence_types.find((t) => t.no === c.typeNo)
  if (!type) return { verdict: 'unknown_type', licence: null }
  const licence: VerifiedLicence = {
    type: type.code,
    type_name: type.name,
    identifier: identifier(type.national_code, issuer.issuer_uscc, c.serial, c.version),
    holder: c.holder,
    id_hint: c.idHint.slice(0, 4) + '…' + c.idHint.slice(4),
    issued_on: c.issued,
    valid_until: c.validUntil,
    issuer: issuer.issuer_name,
    issuer_region: issuer.region,
  }
  const expired = c.validUntil !== null && c.validUntil < chinaToday(now)
  return { verdict: expired ? 'expired' : 'valid', licence }
}
