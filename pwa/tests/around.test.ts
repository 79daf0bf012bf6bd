// Around the case (issue 7): fee amounts in yuan, where a payment stands, the sandbox payer's path,
// inbox links, the five 好差评 levels, and the rating form's own check before it sends anything.
import { h, render } from 'preact'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PaymentOrder, Rating } from '../src/api/types'
import {
  PAYABLE,
  RATING_LEVELS,
  amountLabel,
  carrierLabel,
  currentOrder,
  feeKind,
  inboxTarget,
  isBadRating,
  payState,
  ratingLabel,
  receiptPdfHref,
  receiptQrSrc,
  sandboxPayPath,
  yuan,
} from '../src/cases/around'
import { RatingForm } from '../src/components/cases/Rating'
import { setCatalog, setLang } from '../src/i18n'

const order = (status: string, extra: Partial<PaymentOrder> = {}): PaymentOrder => ({
  order_number: `PO${status.toUpperCase()}`, status, amount_fen: 1000, amount: '¥10.00', currency: 'CNY', description: '',
  provider: 'sandbox', pay_url: status === 'created' ? `/api/v1/payments/sandbox/PO${status.toUpperCase()}/pay` : null,
  created_at: '2026-11-20T08:00:00+00:00', paid_at: null, refunded_at: null, ...extra,
})

describe('fees', () => {
  it('writes fen as yuan with two decimals, without floating point', () => {
    expect(yuan(1000)).toBe('10.00')
    expect(yuan(8000)).toBe('80.00')
    expect(yuan(5)).toBe('0.05')
    expect(yuan(123456)).toBe('1234.56')
    expect(yuan(0)).toBe('0.00')
  })

  it('says 元 in Chinese', () => {
    setCatalog('zh_Hans', { '{amount} yuan': '{amount} 元' })
    setLang('zh_Hans')
    try {
      expect(amountLabel(1000)).toBe('10.00 元')
    } finally {
      setCatalog('zh_Hans', {})
      setLang('en')
    }
  })

  it('tells a free fee, one paid online, and one worked out at the window apart', () => {
    expect(feeKind({ free: true, amount_fen: null })).toBe('free')
    expect(feeKind({ free: false, amount_fen: 1000 })).toBe('online')
    expect(feeKind({ free: false, amount_fen: null })).toBe('at_window')
    expect(feeKind({ free: false, amount_fen: 0 })).toBe('at_window')
    expect(feeKind(undefined)).toBe('free')
  })

  it('reads where the payment stands from the orders', () => {
    expect(payState([])).toBe('unpaid')
    expect(payState([order('created')])).toBe('waiting')
    expect(payState([order('paid')])).toBe('paid')
    expect(payState([order('refunded')])).toBe('refunded')
    expect(payState([order('refunded'), order('created')])).toBe('waiting')
    expect(currentOrder([order('refunded'), order('paid')])?.status).toBe('paid')
    expect(currentOrder([order('refunded')])?.status).toBe('refunded')
    expect(currentOrder([])).toBeUndefined()
  })

  it('pays only while the case runs, as the server allows', () => {
    for (const s of ['submitted', 'accepted', 'under_review', 'approved', 'delivering']) expect(PAYABLE.has(s)).toBe(true)
    for (const s of ['draft', 'completed', 'denied', 'not_accepted', 'withdrawn']) expect(PAYABLE.has(s)).toBe(false)
  })

  it('offers the sandbox payer only for a sandbox order whose pay_url is our own sandbox path', () => {
    expect(sandboxPayPath(order('created'))).toBe('/payments/sandbox/POCREATED/pay')
    expect(sandboxPayPath(order('paid'))).toBeNull()
    expect(sandboxPayPath(order('created', { provider: 'unionpay', pay_url: 'https://pay.example/x' }))).toBeNull()
    expect(sandboxPayPath(order('created', { pay_url: 'https://evil.example/api/v1/payments/sandbox/PO1/pay' }))).toBeNull()
    expect(sandboxPayPath(order('created', { pay_url: '/api/v1/cases/TB1/withdraw' }))).toBeNull()
  })
})

describe('receipt, waybills and inbox', () => {
  beforeEach(() => setLang('en'))
  it('links the receipt PDF and its QR of the case', () => {
    expect(receiptPdfHref('TB20261120123456')).toBe('/api/v1/cases/TB20261120123456/receipt.pdf')
    expect(receiptQrSrc('TB2026/../x')).toBe('/api/v1/cases/TB2026%2F..%2Fx/receipt-qr.svg')
  })

  it('calls the sandbox courier a demo', () => {
    expect(carrierLabel('sandbox')).toBe('Sandbox courier (demo)')
    expect(carrierLabel('ems')).toBe('Other courier')
  })

  it('follows inbox links inside the app only', () => {
    expect(inboxTarget('/cases/TB20261120123456')).toBe('/cases/TB20261120123456')
    expect(inboxTarget('')).toBeNull()
    expect(inboxTarget('https://evil.example/')).toBeNull()
    expect(inboxTarget('//evil.example/')).toBeNull()
    expect(inboxTarget('/\\evil.example/')).toBeNull()
  })
})

describe('好差评', () => {
  beforeEach(() => setLang('en'))
  afterEach(() => render(null, document.body))

  it('has the five national levels, best first, and follows up the two bad ones', () => {
    expect(RATING_LEVELS).toEqual(['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'])
    expect(RATING_LEVELS.map(ratingLabel)).toEqual(['Very satisfied', 'Satisfied', 'Basically satisfied', 'Dissatisfied', 'Very dissatisfied'])
    expect(RATING_LEVELS.filter(isBadRating)).toEqual(['dissatisfied', 'very_dissatisfied'])
  })

  it('asks for a level before sending, then sends the level and the trimmed comment', async () => {
    const rating: Rating = { level: 'very_satisfied', level_label: '非常满意', score: 5, comment: '很快', created_at: '2026-11-20T08:00:00+00:00', rectification: false }
    const send = vi.fn().mockResolvedValue(rating)
    const onDone = vi.fn()
    render(h(RatingForm, { idPrefix: 'rating', legend: 'How satisfied?', submitLabel: 'Send', send, onDone }), document.body)
    const radios = [...document.querySelectorAll<HTMLInputElement>('input[type=radio][name=rating-level]')]
    expect(radios.map((r) => r.value)).toEqual([...RATING_LEVELS])
    expect(radios.map((r) => document.querySelector(`label[for="${r.id}"]`)?.textContent)).toEqual(RATING_LEVELS.map(ratingLabel))

    const submit = document.querySelector<HTMLButtonElement>('[data-testid=rating-submit]')!
    submit.click()
    await new Promise((r) => setTimeout(r, 0))
    expect(send).not.toHaveBeenCalled()
    expect(document.getElementById('rating-level-error')?.textContent).toContain('Choose how satisfied you are.')
    expect(document.querySelector('fieldset')?.getAttribute('aria-describedby')).toBe('rating-level-error')

    radios[0]!.click()
    const comment = document.querySelector<HTMLTextAreaElement>('#rating-comment')!
    comment.value = '  很快  '
    comment.dispatchEvent(new Event('input', { bubbles: true }))
    await new Promise((r) => setTimeout(r, 0))
    submit.click()
    await new Promise((r) => setTimeout(r, 0))
    expect(send).toHaveBeenCalledWith('very_satisfied', '很快')
    expect(onDone).toHaveBeenCalledWith(rating)
    expect(document.getElementById('rating-level-error')).toBeNull()
  })
})
