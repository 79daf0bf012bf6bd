// The acting bar (为家人办): on every page while I act for someone, whose name and a button to stop;
// after acting ended by itself (the authorisation was revoked, expired…), the server's reason.
import { useLocation } from 'preact-iso'
import { t } from '../i18n'
import { dismissActingEnded, stopActing, useActing } from '../acting'
import '../pages/family/family.css'

export function ActingBar() {
  const { acting, ended } = useActing()
  const { route } = useLocation()
  return (
    <>
      {acting && (
        <section class={`acting-bar${acting.kind === 'assist' ? ' assist' : ''}`} aria-label={t('Acting for someone')} data-testid="acting-bar">
          <p>
            <strong data-testid="acting-name">
              {acting.kind === 'assist' ? t('Helping {name} (help session)', { name: acting.name }) : t('Acting for {name}', { name: acting.name })}
            </strong>
            <span class="acting-note">
              {acting.kind === 'assist'
                ? t('What you fill in is saved for {name}, who checks it and submits it on their own phone.', { name: acting.name })
                : t('What you do now is done in the name of {name}, and they are told.', { name: acting.name })}
            </span>
          </p>
          <button
            type="button"
            class="btn secondary"
            data-testid="acting-stop"
            onClick={() => {
              const assist = acting.kind === 'assist'
              stopActing()
              route(assist ? '/' : '/family')
            }}
          >
            {acting.kind === 'assist' ? t('Stop helping') : t('Stop acting for someone')}
          </button>
        </section>
      )}
      <div role="alert" class="live-slot">
        {!acting && ended && (
          <section class="notice acting-ended" aria-label={t('Acting for someone has ended')} data-testid="acting-ended">
            <p>
              <strong>{t('You are no longer acting for {name}.', { name: ended.name })}</strong>
            </p>
            {ended.detail && <p data-testid="acting-ended-detail">{ended.detail}</p>}
            <div class="actions">
              <a class="btn secondary" href="/family" onClick={dismissActingEnded}>
                {t('My family')}
              </a>
              <button type="button" class="btn secondary" data-testid="acting-ended-dismiss" onClick={dismissActingEnded}>
                {t('OK')}
              </button>
            </div>
          </section>
        )}
      </div>
    </>
  )
}
