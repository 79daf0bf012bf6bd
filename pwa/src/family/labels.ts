// Words for mandates in plain language: what each permission lets the other person do, the buttons
// of allowed_actions, what a pending mandate waits for, and small checks the forms make before asking.
import { t } from '../i18n'
import type { Mandate, MandateAction, Permission } from './types'

/** What the other person may do, in the words a resident reads before granting it. */
export function permissionHelp(p: Permission): { label: string; help: string } {
  switch (p) {
    case 'view':
      return { label: t('See my applications'), help: t('They can see your applications, their progress, the files in them and your electronic licences.') }
    case 'apply':
      return { label: t('Apply for me'), help: t('They can fill in and submit applications in your name, upload files, answer requests for more documents and withdraw an application.') }
    case 'sign':
      return { label: t('Rate and pay for me'), help: t('They can pay fees for your applications and rate the service when it is finished.') }
    case 'receive':
      return { label: t('Receive results for me'), help: t('They also get the messages about your applications, and can collect the results for you.') }
  }
}

export function actionLabel(a: MandateAction | string, m?: Pick<Mandate, 'my_role' | 'status'>): string {
  switch (a) {
    case 'accept':
      return t('Accept')
    case 'confirm':
      return m?.my_role === 'principal' ? t('Agree') : t('Confirm')
    case 'refuse':
      return m?.my_role === 'principal' ? t('Do not agree') : t('Refuse')
    case 'revoke':
      if (m?.my_role === 'agent') return m.status === 'pending' ? t('Withdraw the request') : t('Give up this authorisation')
      return m?.status === 'pending' ? t('Cancel the authorisation') : t('End this authorisation')
    case 'resend':
      return t('Send the code again')
    default:
      return a
  }
}

/** What a pending mandate waits for, said to the person looking at it. */
export function awaitingLabel(m: Pick<Mandate, 'awaiting' | 'my_role' | 'status' | 'has_evidence'>): string {
  if (m.status !== 'pending') return ''
  if (m.awaiting === 'reviewer') return m.has_evidence ? t('Waiting for review') : t('Waiting for the guardianship document')
  if (m.awaiting === m.my_role) return t('Waiting for your answer')
  if (m.awaiting === 'principal') return t('Waiting for the other person to confirm with the code sent to their phone')
  if (m.awaiting === 'agent') return t('Waiting for the other person to accept')
  return ''
}

/** The other person of a mandate: the principal when I am the agent, else the agent. */
export const otherParty = (m: Pick<Mandate, 'my_role' | 'principal' | 'agent'>) => (m.my_role === 'agent' ? m.principal : m.agent)

/** A resident ID number: 17 digits and a final digit or X (GB 11643; the server checks the rest). */
export const looksLikeIdNumber = (v: string): boolean => /^[0-9]{17}[0-9Xx]$/.test(v.trim())

/** A case number (TB + 14 digits): activity items link to the case. */
export const isCaseNumber = (v: string | null | undefined): boolean => !!v && /^TB\d{14}$/.test(v)

/** A 6-digit code. */
export const isCode = (v: string): boolean => /^[0-9]{6}$/.test(v.trim())

/** yyyy-mm-dd of a date, in local time. */
export function isoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** The end of a chosen day (local time) as an ISO time with zone, as the API wants valid_until. */
export function endOfDay(day: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null
  const d = new Date(`${day}T23:59:59`)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

/** A year from today, the default end of a new authorisation. */
export function inAYear(now = new Date()): string {
  const d = new Date(now)
  d.setFullYear(d.getFullYear() + 1)
  return isoDay(d)
}
