// On a staff page while this tab acts for someone (a clerk filling in for a resident in a 帮办
// session): staff posts do not count while acting, so staff work waits. The way back to the help
// session, or out of acting mode.
import { stopActing, useActing } from '../../acting'
import { t } from '../../i18n'

export function ActingNote() {
  const { acting } = useActing()
  if (!acting) return null
  return (
    <div class="notice acting-staff-note" data-testid="staff-acting">
      <p>
        <strong>{t('You are filling in for {name}.', { name: acting.name })}</strong>
      </p>
      <p>{t('Staff work waits while you act for someone. Go back to the help session, or stop filling in first.')}</p>
      <div class="actions">
        {acting.kind === 'assist' && (
          <a class="btn" href="/staff/assist" data-testid="staff-acting-back">
            {t('Back to the help session')}
          </a>
        )}
        <button type="button" class="btn secondary" data-testid="staff-acting-stop" onClick={() => stopActing()}>
          {t('Stop filling in')}
        </button>
      </div>
    </div>
  )
}
