// What surrounds a case (issue 7): the receipt's files, 好差评 levels, the fee and its orders, waybills,
// and the inbox's links. Pure functions, so the unit tests can hold them to the API's codes.
import type { Fee, PaymentOrder, RatingLevel } from '../api/types'
import { safeNext } from '../auth/next'
import { t } from '../i18n'

const enc = encodeURIComponent

/** The receipt PDF and its QR (as SVG), both made by the server on request. */
export const receiptPdfHref = (number: string): string => `/api/v1/cases/${enc(number)}/receipt.pdf`
export const receiptQrSrc = (number: string): string => `/api/v1/cases/${enc(number)}/receipt-qr.svg`

/** The five national levels of 好差评 (国办发〔2019〕51号), best first, as the API names them. */
export const RATING_LEVELS: readonly RatingLevel[] = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied']

export function ratingLabel(level: string): string {
  switch (level) {
    case 'very_satisfied': return t('Very satisfied')
    case 'satisfied': return t('Satisfied')
    case 'basically_satisfied': return t('Basically satisfied')
    case 'dissatisfied': return t('Dissatisfied')
    case 'very_dissatisfied': return t('Very dissatisfied')
    default: return t('Other rating')
  }
}

/** 不满意 and 非常不满意 open a rectification (整改) on the server. */
export const isBadRating = (level: string): boolean => level === 'dissatisfied' || level === 'very_dissatisfied'

/** 1000 fen → "10.00" (yuan, two decimals; integers only, no floating point). */
export function yuan(fen: number): string {
  const whole = Math.trunc(Math.abs(fen))
  const sign = fen < 0 ? '-' : ''
  return `${sign}${Math.floor(whole / 100)}.${String(whole % 100).padStart(2, '0')}`
}

/** "10.00 元" */
export const amountLabel = (fen: number): string => t('{amount} yuan', { amount: yuan(fen) })

/** Case statuses during which the applicant may pay (the server's PAYABLE). */
export const PAYABLE: ReadonlySet<string> = new Set(['submitted', 'received', 'in_transit', 'accepted', 'under_review', 'supplement_requested', 'approved', 'delivering'])

/** What the fee of a matter means for paying online. */
export type FeeKind = 'free' | 'online' | 'at_window'
export function feeKind(fee: Pick<Fee, 'free' | 'amount_fen'> | null | undefined): FeeKind {
  if (!fee || fee.free) return 'free'
  return fee.amount_fen ? 'online' : 'at_window'
}

/** Where the case's fee stands, from its orders (oldest first, as the API lists them). */
export type PayState = 'unpaid' | 'waiting' | 'paid' | 'refunded'
export function payState(orders: Pick<PaymentOrder, 'status'>[]): PayState {
  if (orders.some((o) => o.status === 'paid')) return 'paid'
  if (orders.some((o) => o.status === 'created')) return 'waiting'
  if (orders.some((o) => o.status === 'refunded')) return 'refunded'
  return 'unpaid'
}

export function payStateLabel(s: PayState): string {
  switch (s) {
    case 'paid': return t('Paid')
    case 'refunded': return t('Refunded')
    case 'waiting': return t('Waiting for payment')
    default: return t('Not paid yet')
  }
}

/** The order that matters now: the paid one, else the open one, else the newest. */
export function currentOrder<T extends Pick<PaymentOrder, 'status'>>(orders: T[]): T | undefined {
  return orders.find((o) => o.status === 'paid') ?? orders.find((o) => o.status === 'created') ?? orders[orders.length - 1]
}

/** The sandbox payer is an API path of ours (development only); a real provider's page is elsewhere. */
export function sandboxPayPath(order: Pick<PaymentOrder, 'provider' | 'pay_url'>): string | null {
  if (order.provider !== 'sandbox' || !order.pay_url) return null
  const m = /^\/api\/v1(\/payments\/sandbox\/[A-Za-z0-9]+\/pay)$/.exec(order.pay_url)
  return m ? m[1]! : null
}

export function carrierLabel(provider: string): string {
  return provider === 'sandbox' ? t('Sandbox courier (demo)') : t('Other courier')
}

export function waybillPurposeLabel(purpose: string): string {
  switch (purpose) {
    case 'result': return t('Your result, by post')
    case 'originals': return t('Your originals, from the window to the handling department')
    default: return t('Parcel')
  }
}

/** An inbox message's link, if it is a page of this app (never another site). */
export function inboxTarget(link: string | null | undefined): string | null {
  return link ? safeNext(link) : null
}

/** Tell the header that the unread count changed (a message was read). */
export const INBOX_EVENT = 'tb-inbox-changed'
export function inboxChanged(): void {
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(INBOX_EVENT))
}
