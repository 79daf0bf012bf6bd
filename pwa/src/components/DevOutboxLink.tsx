import { useApi } from '../api/useApi'
import { t } from '../i18n'

/** True where the sandbox SMS outbox answers: a development server, never production. Notes meant
 * for developers (the sandbox registry, the outbox) are shown only there. `known`: already found out. */
export function useDevSandbox(known?: boolean): boolean {
  const res = useApi<unknown>(known === undefined ? '/dev/outbox' : null)
  return known ?? Boolean(res.data)
}

/** Small print on the phone-code pages, only where the sandbox SMS outbox exists (development). */
export function DevOutboxLink({ dev }: { dev?: boolean }) {
  if (!useDevSandbox(dev)) return null
  return (
    <p class="dev-note">
      <a href="/dev/outbox" data-testid="link-outbox">
        {t('Development: read the sandbox text messages')}
      </a>
    </p>
  )
}
