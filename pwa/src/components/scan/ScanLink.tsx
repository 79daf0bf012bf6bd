// The way to the scanner from the staff workbench. It also fetches the trust list in the background,
// so a clerk who opens the workbench online can check licence QR codes later with no network.
import { useEffect } from 'preact/hooks'
import { t } from '../../i18n'
import { refreshTrustList } from '../../verify/trustList'

export function ScanLink() {
  useEffect(() => void refreshTrustList().catch(() => undefined), [])
  return (
    <section class="section" aria-labelledby="scan-h" data-testid="staff-scan">
      <h2 id="scan-h">{t('Check a licence')}</h2>
      <p>{t('Scan a licence QR code, a licence shown on a phone, a receipt or a help session code. Licence QR codes are checked even with no network.')}</p>
      <p class="actions">
        <a class="btn secondary" href="/staff/scan" data-testid="link-scan">
          {t('Scan and check a QR code')}
        </a>
      </p>
    </section>
  )
}
