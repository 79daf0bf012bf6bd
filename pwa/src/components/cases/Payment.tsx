// 缴费 on the case page: the guide's fee in 元, a 支付 button while the case runs, the order's state
// (paid, refunded when the case ended without a result). The only provider here is the sandbox: its
// payer is a button labelled 沙箱支付（演示）, which moves no money; a real provider's page would be
// reached by its link instead.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError, apiGet, apiPost } from '../../api/client'
import { useApi } from '../../api/useApi'
import type { Case, MatterDetail, PaymentOrder, PaymentOrderList } from '../../api/types'
import { dataLang, formatDateTime, t } from '../../i18n'
import { FormAlert } from '../Form'
import { PAYABLE, amountLabel, currentOrder, feeKind, payState, payStateLabel, sandboxPayPath } from '../../cases/around'
import './around.css'

const enc = encodeURIComponent

export function Payment({ c, onCase }: { c: Pick<Case, 'number' | 'status' | 'matter'>; onCase: (next: Case) => void }) {
  const submitted = c.status !== 'draft'
  const matter = useApi<MatterDetail>(submitted ? `/matters/${enc(c.matter.code)}` : null)
  const listed = useApi<PaymentOrderList>(submitted ? `/cases/${enc(c.number)}/payments` : null)
  const [orders, setOrders] = useState<PaymentOrder[] | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [said, setSaid] = useState('')
  const payerRef = useRef<HTMLHeadingElement>(null)
  const [focusPayer, setFocusPayer] = useState(false)
  useEffect(() => {
    if (focusPayer) {
      payerRef.current?.focus()
      setFocusPayer(false)
    }
  }, [focusPayer])

  const fee = matter.data?.guide.fee
  const kind = feeKind(fee)
  if (!submitted || !fee || kind === 'free') return null
  const all = orders ?? listed.data?.items ?? []
  const state = payState(all)
  const order = currentOrder(all)
  const amount = fee.amount_fen ?? order?.amount_fen ?? null
  const canPay = kind === 'online' && PAYABLE.has(c.status) && (state === 'unpaid' || state === 'waiting')
  const open = all.find((o) => o.status === 'created')
  const sandbox = open ? sandboxPayPath(open) : null

  const refreshCase = async () => {
    const next = await apiGet<Case>(`/cases/${enc(c.number)}`).catch(() => null)
    if (next) onCase(next)
  }
  const replace = (o: PaymentOrder) => setOrders([...all.filter((x) => x.order_number !== o.order_number), o])
  const run = async (what: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await what()
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') }))
    } finally {
      setBusy(false)
    }
  }
  const startPaying = () =>
    run(async () => {
      const o = await apiPost<PaymentOrder>(`/cases/${enc(c.number)}/payment`, {})
      replace(o)
      setFocusPayer(true)
      await refreshCase()
    })
  const paySandbox = (path: string) =>
    run(async () => {
      const o = await apiPost<PaymentOrder>(path, {})
      replace(o)
      setSaid(t('The fee is paid.'))
      await refreshCase()
    })

  return (
    <section class="section payment" aria-labelledby="payment-h" data-testid="case-payment">
      <h2 id="payment-h">{t('Fee')}</h2>
      <p role="status" class="result" data-testid="payment-said">
        {said}
      </p>
      <dl class="facts wide">
        <div>
          <dt>{t('Amount')}</dt>
          <dd data-testid="payment-amount">
            {amount !== null ? <strong>{amountLabel(amount)}</strong> : <span lang={dataLang()}>{fee.standard || t('Worked out at the window')}</span>}
          </dd>
        </div>
        {kind === 'online' && (
          <div>
            <dt>{t('Payment')}</dt>
            <dd>
              <strong data-testid="payment-status">{payStateLabel(state)}</strong>
              {state === 'paid' && order?.paid_at && <span class="payment-when">{t(' ({what})', { what: t('paid on {date}', { date: formatDateTime(order.paid_at) }) })}</span>}
              {state === 'refunded' && order?.refunded_at && <span class="payment-when">{t(' ({what})', { what: t('refunded on {date}', { date: formatDateTime(order.refunded_at) }) })}</span>}
            </dd>
          </div>
        )}
        {order && (
          <div>
            <dt>{t('Order number')}</dt>
            <dd class="code-value" data-testid="payment-order">
              {order.order_number}
            </dd>
          </div>
        )}
      </dl>
      {kind === 'at_window' && <p>{t('This fee is worked out at the window: pay it there.')}</p>}
      {state === 'refunded' && <p>{t('The case ended without a result, so the fee was paid back in full to where it came from.')}</p>}
      <FormAlert error={error} />
      {canPay && !open && (
        <button type="button" class="btn" data-testid="payment-start" disabled={busy} onClick={() => void startPaying()}>
          {t('Pay {amount}', { amount: amountLabel(amount ?? 0) })}
        </button>
      )}
      {canPay && open && sandbox && (
        <div class="sandbox-payer" data-testid="sandbox-payer">
          <h3 ref={payerRef} tabIndex={-1}>
            {t('Sandbox payment (demo)')}
          </h3>
          <p>{t('This is a demonstration: no real payment is made and no money moves. A live service would take you to the payment platform here.')}</p>
          <button type="button" class="btn" data-testid="sandbox-pay" disabled={busy} onClick={() => void paySandbox(sandbox)}>
            {t('Pay {amount} with the sandbox (demo)', { amount: amountLabel(open.amount_fen) })}
          </button>
        </div>
      )}
      {canPay && open && !sandbox && open.pay_url && (
        <a class="btn" href={open.pay_url} data-testid="payment-go">
          {t('Go to the payment page')}
        </a>
      )}
    </section>
  )
}
