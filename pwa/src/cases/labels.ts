// Words for the case codes the API sends (statuses, flags, actions). The API also sends a status
// label in the reader's language; these are for the places that only have the code (the receipt,
// the queue's filter) and for the actions, which the API names by code.
import { t } from '../i18n'

export const QUEUE_STATUSES = ['submitted', 'received', 'in_transit', 'accepted', 'under_review', 'supplement_requested', 'delivering', 'approved', 'denied', 'completed', 'not_accepted', 'withdrawn'] as const

export function statusLabel(s: string): string {
  switch (s) {
    case 'draft': return t('Not submitted yet')
    case 'submitted': return t('Submitted, waiting for acceptance')
    case 'received': return t('Received at the window')
    case 'in_transit': return t('Forwarded to the handling department')
    case 'accepted': return t('Accepted')
    case 'under_review': return t('Under review')
    case 'supplement_requested': return t('Waiting for your supplement')
    case 'approved': return t('Approved')
    case 'denied': return t('Not approved')
    case 'delivering': return t('Result on its way')
    case 'completed': return t('Completed')
    case 'not_accepted': return t('Not accepted')
    case 'withdrawn': return t('Withdrawn')
    default: return t('Status being updated')
  }
}

/** Staff read the same statuses; "waiting for your supplement" is the applicant's view. */
export function staffStatusLabel(s: string): string {
  return s === 'supplement_requested' ? t('Waiting for the applicant’s supplement') : statusLabel(s)
}

export function actionLabel(a: string): string {
  switch (a) {
    case 'accept': return t('Accept the application')
    case 'forward': return t('Forward to the handling department')
    case 'not-accept': return t('Do not accept')
    case 'review': return t('Start the review')
    case 'request-supplement': return t('Ask for a supplement')
    case 'approve': return t('Approve')
    case 'deny': return t('Do not approve')
    case 'complete': return t('Record the hand-over of the result')
    case 'withdraw': return t('Withdraw the application')
    case 'supplement': return t('Send the supplement')
    default: return t('Other action')
  }
}

/** What the reviewer confirms, said as a sentence. */
export function actionDone(a: string): string {
  switch (a) {
    case 'accept': return t('The application is accepted.')
    case 'forward': return t('The application is forwarded to the handling department.')
    case 'not-accept': return t('The application is not accepted. The applicant will be told why.')
    case 'review': return t('The review has started.')
    case 'request-supplement': return t('The applicant is asked for a supplement. The time limit is paused until it comes.')
    case 'approve': return t('The application is approved.')
    case 'deny': return t('The application is not approved. The applicant will be told why.')
    case 'complete': return t('The hand-over of the result is recorded.')
    case 'withdraw': return t('Your application is withdrawn.')
    case 'supplement': return t('Your supplement is sent. The review goes on.')
    default: return t('Done.')
  }
}

/** Actions whose reason the API requires (it is told to the applicant). */
export const REASON_REQUIRED: ReadonlySet<string> = new Set(['not-accept', 'request-supplement', 'deny'])

/** The order buttons appear in: the usual next step first, refusals after it. */
export const STAFF_ORDER = ['forward', 'accept', 'review', 'approve', 'complete', 'request-supplement', 'not-accept', 'deny'] as const

/** 预警 / 超期 / paused, for a case summary. */
export function flagLabel(flag: string): string | null {
  switch (flag) {
    case 'warning': return t('Due soon')
    case 'overdue': return t('Overdue')
    default: return null
  }
}

export function remainingLabel(days: number | null, paused: boolean): string | null {
  if (paused) return t('Paused while a supplement is awaited')
  if (days === null) return null
  if (days < 0) return t('{n} working days past the limit', { n: -days })
  if (days === 0) return t('Due today')
  return t('{n} working days left', { n: days })
}
