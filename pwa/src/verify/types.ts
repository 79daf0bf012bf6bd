// The shapes of GET /api/v1/trust-list and POST /api/v1/verifications (backend/tongban/licences/
// schemas.py), written out here until the generated schema carries them.

export interface TrustKey {
  kid: string
  issuer: string
  issuer_name: string
  issuer_uscc: string
  region: string
  alg: string
  /** raw 32 bytes, base64url */
  public_key: string
  source: string
}

export interface LicenceTypeRow {
  no: number
  code: string
  name: string
  national_code: string
}

export interface TrustList {
  version: number
  issued_at: string
  keys: TrustKey[]
  licence_types: LicenceTypeRow[]
  signer: { kid: string; alg: string; public_key: string }
  signature: string
}

export type Verdict =
  | 'valid'
  | 'unreadable'
  | 'bad_signature'
  | 'unknown_issuer'
  | 'unknown_type'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'token_used'
  | 'token_expired'
  | 'token_unknown'
  | 'not_found'

export type QrKind = 'static_licence' | 'presentation' | 'receipt' | 'assist_session' | 'unknown'

export interface VerifiedLicence {
  type: string | null
  type_name: string
  identifier: string
  holder: string
  id_hint: string
  issued_on: string
  valid_until: string | null
  issuer: string
  issuer_region: string
  fields?: Record<string, unknown>
}

export interface Verification {
  kind: QrKind
  verdict: Verdict
  verdict_label: string
  licence: VerifiedLicence | null
  checked_at: string
  offline: boolean
  case?: string
  code?: string
}
