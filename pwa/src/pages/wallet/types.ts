// The wallet's API shapes (backend/tongban/licences/schemas.py). Written here until the lead
// regenerates src/api/schema.ts with the licences endpoints.

export type LicenceStatus = 'valid' | 'suspended' | 'revoked' | 'expired'

export interface LicenceSummary {
  id: number
  identifier: string
  type: string
  type_name: string
  holder: string
  holder_type: 'person' | 'organisation'
  issuer: string
  issued_on: string
  valid_until: string | null
  status: LicenceStatus | string
  status_label: string
  demo: boolean
  /** false: an administrator took its seal's key off the trust list (missing in summaries kept before) */
  seal_trusted?: boolean
}

export interface LicenceEvent {
  kind: string
  label: string
  note: string
  at: string
}

export interface Licence extends LicenceSummary {
  /** ID numbers masked; may be missing */
  fields?: Record<string, unknown>
  field_labels: Record<string, string>
  static_qr: string
  static_qr_svg: string
  case: string | null
  history: LicenceEvent[]
}

export interface LicenceList {
  items: LicenceSummary[]
}

export interface Presentation {
  qr: string
  qr_svg: string
  expires_at: string
}

export interface LicenceCheck {
  at: string
  kind: string
  verdict: string
  verdict_label: string
  verifier: string
  place: string
  purpose: string
  case: string | null
}

export interface CheckPage {
  items: LicenceCheck[]
  page: number
  per_page: number
  total: number
  pages: number
}

export const enc = encodeURIComponent
export const licencePath = (id: number | string): string => `/me/licences/${enc(String(id))}`
export const walletHref = (id: number | string, sub = ''): string => `/wallet/${enc(String(id))}${sub}`
