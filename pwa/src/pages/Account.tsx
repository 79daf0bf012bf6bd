// /account (我的): the masked profile, the level of assurance and how to raise it, passkeys,
// sessions, staff work, sign-out.
import { useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { useAuth, useSignedIn } from '../auth/session'
import { useTitle, useUi } from '../context'
import { formatDateTime, t } from '../i18n'
import { levelRank, levelWords } from '../labels'
import { Loading } from '../components/ErrorView'
import { PasskeyOffer } from '../components/PasskeyOffer'
import { RealNameForm } from '../components/RealNameForm'

export function Account() {
  const me = useSignedIn()
  const { signout } = useAuth()
  const { state } = useUi()
  const { query, route } = useLocation()
  const [verified, setVerified] = useState(false)
  useTitle(t('My account'))
  if (!me) {
    return (
      <>
        <h1>{t('My account')}</h1>
        <Loading />
      </>
    )
  }
  const rank = levelRank(me.assurance)
  const onSignout = async () => {
    route('/')
    await signout()
  }

  return (
    <>
      <h1>{t('My account')}</h1>
      {me.passkey_count === 0 && !state.kiosk && <PasskeyOffer welcome={query.welcome === '1'} />}
      <p role="status">{verified ? t('Your real name is verified: your account is now at level L2.') : ''}</p>
      <section class="section auth-card" aria-labelledby="profile-h">
        <h2 id="profile-h">{t('My details')}</h2>
        <dl class="facts wide profile">
          <div>
            <dt>{t('Full name')}</dt>
            <dd data-testid="profile-name">{me.name_masked || t('Not verified yet')}</dd>
          </div>
          <div>
            <dt>{t('Mobile number')}</dt>
            <dd data-testid="profile-phone">{me.phone_masked}</dd>
          </div>
          <div>
            <dt>{t('ID card number')}</dt>
            <dd data-testid="profile-id">{me.id_number_masked || t('Not verified yet')}</dd>
          </div>
          <div>
            <dt>{t('Identity level')}</dt>
            <dd data-testid="profile-level" data-level={me.assurance}>
              <strong>{levelWords(me.assurance)}</strong>
            </dd>
          </div>
          {me.verified_at && (
            <div>
              <dt>{t('Verified on')}</dt>
              <dd>{formatDateTime(me.verified_at)}</dd>
            </div>
          )}
        </dl>
        <p class="hint">{t('Numbers are partly hidden here. Only a window clerk checking your ID card sees them in full.')}</p>
      </section>
      {rank < 2 && <RealNameForm onDone={() => setVerified(true)} />}
      {rank === 2 && (
        <p class="level-next">{t('To reach level L3 (verified in person), show your ID card at any service window; the clerk checks it face to face.')}</p>
      )}
      <section class="section" aria-labelledby="cases-h">
        <h2 id="cases-h">{t('Your applications')}</h2>
        <ul class="menu">
          <li>
            <a href="/me/cases" data-testid="link-my-cases">
              {t('My cases')}
            </a>
          </li>
          <li>
            <a href="/me/inbox" data-testid="link-inbox">
              {t('Messages')}
            </a>
          </li>
        </ul>
      </section>
      <section class="section" aria-labelledby="security-h">
        <h2 id="security-h">{t('Sign-in and security')}</h2>
        <ul class="menu">
          <li>
            <a href="/account/passkeys" data-testid="link-passkeys">
              {t('Passkeys')} <span class="menu-note">{t('{n} added', { n: me.passkey_count })}</span>
            </a>
          </li>
          <li>
            <a href="/account/sessions" data-testid="link-sessions">
              {t('Where you are signed in')}
            </a>
          </li>
          {me.staff.length > 0 && (
            <li>
              <a href="/staff" data-testid="link-staff">
                {t('Staff workbench')}
              </a>
            </li>
          )}
        </ul>
        {me.staff.length > 0 && !me.staff.some((s) => s.active) && (
          <p class="hint">{t('You have a staff post. Staff work needs the staff sign-in with your passkey.')}</p>
        )}
      </section>
      {me.session.kiosk && <p class="notice">{t('This is a kiosk session: it ends by itself soon, and when the screen starts over.')}</p>}
      <div class="actions">
        <button type="button" class="btn secondary" data-testid="signout" onClick={() => void onSignout()}>
          {t('Sign out')}
        </button>
      </div>
    </>
  )
}
