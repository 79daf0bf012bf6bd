// 受理回执: the receipt as a PDF to keep or print, and its QR on screen (made by the server from the same
// payload as the PDF's: the case number and a look-up token, never the query code).
import { useState } from 'preact/hooks'
import { t } from '../../i18n'
import { receiptPdfHref, receiptQrSrc } from '../../cases/around'
import './around.css'

export function ReceiptLinks({ number, heading = 'h2' }: { number: string; heading?: 'h2' | 'h3' }) {
  const [qrFailed, setQrFailed] = useState(false)
  const H = heading
  return (
    <section class="section receipt-links" aria-labelledby="receipt-links-h" data-testid="receipt-links">
      <H id="receipt-links-h">{t('Application receipt')}</H>
      <p>
        <a class="btn secondary" href={receiptPdfHref(number)} download={`${number}.pdf`} data-testid="receipt-pdf">
          {t('Download the receipt (PDF)')}
        </a>
      </p>
      {!qrFailed && (
        <figure class="receipt-qr">
          <img
            src={receiptQrSrc(number)}
            width={160}
            height={160}
            alt={t('Receipt QR code for case {number}', { number })}
            data-testid="receipt-qr"
            onError={() => setQrFailed(true)}
          />
          <figcaption>{t('The QR code holds the case number and a look-up token (not your query code), which can be used to look up the progress.')}</figcaption>
        </figure>
      )}
    </section>
  )
}

/** The receipt's number and its query code (shown only this once), as two rows of its facts. */
export function ReceiptCodes({ number, queryCode, numberLabel, numberTestid = 'receipt-number' }: { number: string; queryCode: string; numberLabel?: string; numberTestid?: string }) {
  return (
    <>
      <div>
        <dt>{numberLabel ?? t('Case number')}</dt>
        <dd class="code-value" data-testid={numberTestid}>
          {number}
        </dd>
      </div>
      <div>
        <dt>{t('Query code')}</dt>
        <dd class="code-value" data-testid="receipt-query-code">
          {queryCode}
        </dd>
      </div>
    </>
  )
}
