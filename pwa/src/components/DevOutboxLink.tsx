import { useApi } from '../api/useApi'
import { t } from '../i18n'

/** Small print on the phone-code pages, only where the sandbox SMS outbox exists (development). */
export function DevOutboxLink() {
  const res = useApi<unknown>('/dev/outbox')
  if (!res.data) return null
  return (
    <p class="dev-note">
      <a href="/dev/outbox" data-testid="link-outbox">
        {t('Development: read the sandbox text messages')}
      </a>
    </p>
  )
}
