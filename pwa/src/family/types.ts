// Mandates (授权/委托) and 帮办 sessions as the API sends them (generated schema, src/api/schema.ts).
import type { components } from '../api/schema'

/** The backend sends every documented field (see api/types.ts): make them non-optional. */
type Full<T> = T extends (infer U)[] ? Full<U>[] : T extends object ? { [K in keyof T]-?: Full<Exclude<T[K], undefined>> } : T
type S = components['schemas']

export type Mandate = Full<S['Mandate']>
export type CreatedMandate = Full<S['CreatedMandate']>
export type MyMandates = Full<S['MyMandates']>
export type MandateEvent = Full<S['MandateEvent']>
export type Party = Full<S['Party']>
export type Category = Full<S['Category']>
export type CategoryList = Full<S['CategoryList']>
export type Act = Full<S['Act']>
export type ActPage = Full<S['ActPage']>
export type AssistSession = Full<S['AssistSession']>
export type StartedAssist = Full<S['StartedAssist']>
export type AssistConfirmed = Full<S['AssistConfirmed']>
export type OrganisationList = Full<S['OrganisationList']>
export type MandateInput = S['MandateInput']

export type MandateKind = 'family' | 'guardian' | 'enterprise_agent'
export type Permission = 'view' | 'apply' | 'sign' | 'receive'
export type ScopeKind = 'all' | 'categories' | 'matters'
export type MandateAction = 'accept' | 'confirm' | 'refuse' | 'revoke' | 'resend'

export const PERMISSIONS: readonly Permission[] = ['view', 'apply', 'sign', 'receive']
