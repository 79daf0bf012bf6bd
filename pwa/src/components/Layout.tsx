import { Fragment, type ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { t } from '../i18n'
import { useUi } from '../context'
import { useAuth } from '../auth/session'
import { OfflineBanner, UpdateBanner } from './Banners'
import { KioskBar } from './Kiosk'
import { ReadAloud } from './ReadAloud'
import { useUnread } from '../inbox'
import { ActingBar } from './ActingBar'
import { setActingPersist, stopActing, useActing } from '../acting'

function NavLink({ href, label, testid, children }: { href: string; label: string; testid?: string; children?: ComponentChildren }) {
  const { path } = useLocation()
  const current = href === '/' ? path === '/' : path === href || path.startsWith(href + '/')
  return (
    <li>
      <a href={href} aria-current={current ? 'page' : undefined} data-testid={testid}>
        {label}
        {children}
      </a>
    </li>
  )
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { state, store } = useUi()
  const { me } = useAuth()
  const { path } = useLocation()
  const first = useRef(true)
  const unread = useUnread()
  const { acting } = useActing()
  setActingPersist(!state.kiosk)
  // Signed out, or someone else signed in on this tab: nobody acts for anyone any more.
  useEffect(() => {
    if (acting && (me === null || (me && me.account_id !== acting.account))) stopActing()
  }, [me, acting])

  // On a new page, start at the top and move focus to <main> so screen readers start there too.
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    window.scrollTo(0, 0)
    document.getElementById('main')?.focus({ preventScroll: true })
  }, [path])

  return (
    <>
      <a class="skip-link" href="#main">
        {t('Skip to main content')}
      </a>
      <KioskBar />
      <header class="site-header">
        <div class="bar">
          <a class="brand" href="/">
            <span class="brand-zh">{t('Tongban')}</span>
          </a>
          <div class="tools">
            <button
              type="button"
              class="btn tool elder-switch"
              data-testid="elder-switch"
              aria-pressed={state.elder}
              onClick={() => store.update({ elder: !state.elder })}
            >
              {t('Assisted mode')}
              <span class="switch-state" aria-hidden="true">
                {state.elder ? t('On') : t('Off')}
              </span>
            </button>
            <ReadAloud />
          </div>
        </div>
        <nav aria-label={t('Main menu')}>
          <ul>
            <NavLink href="/" label={t('Home')} />
            <NavLink href="/lists" label={t('Lists')} />
            <NavLink href="/settings" label={t('Settings')} />
            <NavLink href="/help" label={t('Help')} testid="help" />
            {me === null && <NavLink href="/signin" label={t('Sign in')} testid="nav-signin" />}
            {me && <NavLink href="/family" label={t('My family')} testid="nav-family" />}
            {me && (
              <NavLink href="/me/inbox" label={t('Messages')} testid="nav-inbox">
                {unread ? (
                  <>
                    <span class="nav-badge" aria-hidden="true" data-testid="nav-inbox-count">
                      {unread > 99 ? '99+' : unread}
                    </span>
                    <span class="visually-hidden">{t(', {n} unread', { n: unread })}</span>
                  </>
                ) : null}
              </NavLink>
            )}
            {me && <NavLink href="/account" label={t('My account')} testid="nav-account" />}
          </ul>
        </nav>
      </header>
      <ActingBar />
      <OfflineBanner />
      <UpdateBanner />
      <main id="main" tabIndex={-1}>
        {/* Acting for someone, or no longer: every page loads again, as the other person. */}
        <Fragment key={acting?.mandate ?? 'self'}>{children}</Fragment>
      </main>
      <footer class="site-footer">
        <p>
          {t('Government service hotline')} <a href="tel:12345">12345</a>
        </p>
        <p>{t('Tongban is open-source software for cross-province and citywide government services.')}</p>
      </footer>
    </>
  )
}
