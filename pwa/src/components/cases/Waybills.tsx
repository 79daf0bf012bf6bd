// 寄递: the case's parcels (the result to the applicant by post; originals from a window to the
// department), each with its carrier, tracking number, where it is and its tracking, oldest first.
import { useApi } from '../../api/useApi'
import type { Case, WaybillList } from '../../api/types'
import { dataLang, formatDateTime, t } from '../../i18n'
import { carrierLabel, waybillPurposeLabel } from '../../cases/around'
import './around.css'

const enc = encodeURIComponent

export function Waybills({ c }: { c: Pick<Case, 'number' | 'status' | 'events'> }) {
  // Asked again when the timeline grows (a new waybill, a tracking step).
  const res = useApi<WaybillList>(c.status !== 'draft' ? `/cases/${enc(c.number)}/waybills` : null, { seen: c.events.length })
  const items = res.data?.items ?? []
  if (!items.length) return null
  const dl = dataLang()
  return (
    <section class="section waybills" aria-labelledby="waybills-h" data-testid="case-waybills">
      <h2 id="waybills-h">{t('Parcels')}</h2>
      <ul class="cards">
        {items.map((w) => (
          <li key={w.tracking_number} class="card waybill" data-testid="waybill">
            <h3 class="card-title" data-testid="waybill-purpose">
              {waybillPurposeLabel(w.purpose)}
            </h3>
            <dl class="facts wide">
              <div>
                <dt>{t('Carrier')}</dt>
                <dd data-testid="waybill-carrier">{carrierLabel(w.provider)}</dd>
              </div>
              <div>
                <dt>{t('Tracking number')}</dt>
                <dd class="code-value" data-testid="waybill-number">
                  {w.tracking_number}
                </dd>
              </div>
              <div>
                <dt>{t('Where it is')}</dt>
                <dd>
                  <strong data-testid="waybill-status">{w.status_label}</strong>
                </dd>
              </div>
              <div>
                <dt>{t('From')}</dt>
                <dd lang={dl}>{w.sender}</dd>
              </div>
              <div>
                <dt>{t('To')}</dt>
                <dd lang={dl}>{w.recipient}</dd>
              </div>
            </dl>
            {w.events.length ? (
              <ol class="timeline tracking" data-testid="waybill-events" aria-label={t('Tracking of parcel {number}', { number: w.tracking_number })}>
                {w.events.map((e, i) => (
                  <li key={i} class={i === w.events.length - 1 ? 'current' : undefined}>
                    <p class="timeline-what">
                      <strong>{e.status_label}</strong>
                    </p>
                    <p class="timeline-when">
                      <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                      {e.location && (
                        <>
                          {t(' · ')}
                          <span lang={dl}>{e.location}</span>
                        </>
                      )}
                    </p>
                  </li>
                ))}
              </ol>
            ) : (
              <p data-testid="waybill-no-events">{t('The courier has not reported any tracking yet.')}</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
