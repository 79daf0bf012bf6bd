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
export type Region = Full<S['Region']>
export type Centre = Full<S['Centre']>
export type CentreList = Full<S['CentreList']>
export type Window = Full<S['Window']>
export type AgencyPoint = Full<S['AgencyPoint']>
export type AgencyPointList = Full<S['AgencyPointList']>
// Cases (办件, issue 7): the online application, its timeline and the reviewer's queue.
export type FormSchema = Full<S['FormSchema']>
export type MaterialRule = Full<S['MaterialRule']>
export type Case = Full<S['Case']>
export type CaseSummary = Full<S['CaseSummary']>
export type CasePage = Full<S['CasePage']>
export type CaseEvent = Full<S['CaseEvent']>
export type CaseFile = Full<S['CaseFile']>
export type CaseFileList = Full<S['CaseFileList']>
export type Receipt = Full<S['Receipt']>
export type CaseStatus = Full<S['CaseStatus']>
export type StatusStep = Full<S['StatusStep']>
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
// Case modes (issue 7): at a window, joint parts, bundles (一件事一次办).
export type Department = Full<S['Department']>
export type Reception = Full<S['Reception']>
export type ChecklistItem = Full<S['ChecklistItem']>
export type WindowReceipt = Full<S['WindowReceipt']>
export type CasePart = Full<S['CasePart']>
export type BundleLink = Full<S['BundleLink']>
export type Bundle = Full<S['Bundle']>
export type BundleList = Full<S['BundleList']>
export type BundleForm = Full<S['BundleForm']>
export type BundleReceipt = Full<S['BundleReceipt']>
export type StagedFile = Full<S['StagedFile']>
// Around the case (issue 7): ratings (好差评), fees, waybills, the inbox.
export type Rating = Full<S['Rating']>
export type RatingLevel = S['RatingInput']['level']
export type PaymentOrder = Full<S['PaymentOrder']>
export type PaymentOrderList = Full<S['PaymentOrderList']>
export type Waybill = Full<S['Waybill']>
export type WaybillList = Full<S['WaybillList']>
export type InboxList = Full<S['Inbox']>
export type InboxMessage = Full<S['InboxMessage']>
export type Fee = Full<S['Fee']>
