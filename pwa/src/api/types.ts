// The one place that maps the generated OpenAPI schema (src/api/schema.ts, `npm run gen:api`)
// onto the names the app uses.
import type { components } from './schema'

/** The backend always sends every field it documents (marshmallow dump schemas mark few as
 * required), so properties are made non-optional; `null` stays where the schema allows it. */
type Full<T> = T extends (infer U)[] ? Full<U>[] : T extends object ? { [K in keyof T]-?: Full<Exclude<T[K], undefined>> } : T

type S = components['schemas']
export type MatterSummary = Full<S['MatterSummary']>
export type MatterPage = Full<S['MatterPage']>
export type MatterDetail = Full<S['Matter']>
export type Guide = Full<S['Guide']>
export type Material = Full<S['Material']>
export type FormField = Full<S['FormField']>
export type List = Full<S['List']>
export type ListIndex = Full<S['ListList']>
export type ListVersionSummary = Full<S['VersionSummary']>
export type ListVersionIndex = Full<S['VersionSummaryList']>
export type ListVersion = Full<S['Version']>
export type ListChange = Full<S['Change']>
export type Profile = Full<S['Profile']>
export type StaffRole = Full<S['StaffRole']>
export type Passkey = Full<S['Passkey']>
export type PasskeyList = Full<S['PasskeyList']>
export type SessionRow = Full<S['Session']>
export type SessionList = Full<S['SessionList']>
export type StaffPost = Full<S['StaffPost']>
export type StaffPostList = Full<S['StaffPostList']>
export type Consent = Full<S['Consent']>
export type OutboxList = Full<S['OutboxList']>
export type RegionList = Full<S['RegionList']>
/** Passkey ceremony options: pass publicKey to PublicKeyCredential.parse*OptionsFromJSON. */
export type CeremonyOptions = Full<S['Options']>
export type Assurance = 'L1' | 'L2' | 'L3'

/** RFC 9457 problem details, as every API error is sent (see docs/api-contract.md). */
export interface Problem {
  type?: string
  title: string
  status: number
  detail?: string
  code?: string
  errors?: Record<string, string[]>
}

export type Scope = 'kstb' | 'yrd' | 'citywide' | 'partner'
export type ServiceMode = 'online' | 'proxy_window' | 'joint'
export type Audience = 'person' | 'enterprise'
