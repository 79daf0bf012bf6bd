import { Fragment, type ComponentChildren } from 'preact'
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { t } from '../i18n'
import type { UiState } from '../settings'
import { useUi } from '../context'
import { useAuth } from '../auth/session'
import { OfflineBanner, UpdateBanner } from './Banners'
import { KioskBar } from './Kiosk'
import { ReadAloudButton, ReadAloudProblem, useReadAloud, type ReadAloudState } from './ReadAloud'
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

/** Laid out in full, a header taller than this share of the screen folds its menu away (large text,
 * 长辈版 in English, a longer menu once signed in): WCAG 1.4.10 Reflow, content first. */
const FOLD_AT = 0.25

/** Whether the header is folded: it is laid out in full first whenever what it holds or the screen's
 * width changes, measured before the browser paints, then folded if it is too tall. */
function useFolded(ref: { current: HTMLElement | null }, holds: string): boolean {
  const [width, setWidth] = useState(() => (typeof innerWidth === 'number' ? innerWidth : 0))
  useEffect(() => {
    const onResize = () => setWidth(innerWidth)
    addEventListener('resize', onResize)
    return () => removeEventListener('resize', onResize)
  }, [])
  const key = `${holds}|${width}`
  const [fold, setFold] = useState<{ key: string; folded: boolean } | null>(null)
  useLayoutEffect(() => {
    if (fold?.key === key || !ref.current) return
    setFold({ key, folded: ref.current.getBoundingClientRect().height > innerHeight * FOLD_AT })
  })
  return fold?.key === key ? fold.folded : false
}

function ElderSwitch() {
  const { state, store } = useUi()
  return (
    <button type="button" class="btn tool elder-switch" data-testid="elder-switch" aria-pressed={state.elder} onClick={() => store.update({ elder: !state.elder })}>
      {t('Assisted mode')}
      <span class="switch-state" aria-hidden="true">
        {state.elder ? t('On') : t('Off')}
      </span>
    </button>
  )
}

function UnreadBadge({ n, testid }: { n: number | null; testid?: string }) {
  if (!n) return null
  return (
    <>
      <span class="nav-badge" aria-hidden="true" data-testid={testid}>
        {n > 99 ? '99+' : n}
      </span>
      <span class="visually-hidden">{t(', {n} unread', { n })}</span>
    </>
  )
}

function MenuLinks({ withHelp, unread }: { withHelp: boolean; unread: number | null }) {
  const { me } = useAuth()
  return (
    <ul>
      <NavLink href="/" label={t('Home')} />
      <NavLink href="/lists" label={t('Lists')} />
      <NavLink href="/settings" label={t('Settings')} />
      {withHelp && <NavLink href="/help" label={t('Help')} testid="help" />}
      {me === null && <NavLink href="/signin" label={t('Sign in')} testid="nav-signin" />}
      {me && <NavLink href="/family" label={t('My family')} testid="nav-family" />}
      {me && (
        <NavLink href="/me/inbox" label={t('Messages')} testid="nav-inbox">
          <UnreadBadge n={unread} testid="nav-inbox-count" />
        </NavLink>
      )}
      {me && <NavLink href="/account" label={t('My account')} testid="nav-account" />}
    </ul>
  )
}

/** What the header's height depends on: the words, their size, and the menu (signed in or out). */
function holdsOf(s: UiState, me: unknown): string {
  return [s.lang, s.textScale, s.elder, s.kiosk, me === undefined ? 'loading' : me ? 'in' : 'out'].join('|')
}

/** The header: brand, 长辈版 switch, read-aloud and the menu. Folded (when in full it would take too
 * much of the screen), it keeps the brand, read-aloud and help in sight, and the rest behind 菜单. */
function SiteHeader({ ra }: { ra: ReadAloudState }) {
  const { state } = useUi()
  const { me } = useAuth()
  const { path } = useLocation()
  const unread = useUnread()
  const ref = useRef<HTMLElement>(null)
  const folded = useFolded(ref, holdsOf(state, me))
  const [open, setOpen] = useState(false)
  const toggle = useRef<HTMLButtonElement>(null)
  useEffect(() => setOpen(false), [path])
  // Escape folds the open menu again, and 菜单 takes the focus back.
  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      setOpen(false)
      toggle.current?.focus()
    }
    addEventListener('keydown', onKey)
    return () => removeEventListener('keydown', onKey)
  }, [open])
  const menuLabel = t('Main menu')

  if (!folded) {
    return (
      <header class="site-header" ref={ref}>
        <div class="bar">
          <a class="brand" href="/">
            <span class="brand-zh">{t('Tongban')}</span>
          </a>
          <div class="tools">
            <ElderSwitch />
            <ReadAloudButton ra={ra} />
          </div>
        </div>
        <nav aria-label={menuLabel}>
          <MenuLinks withHelp unread={unread} />
        </nav>
      </header>
    )
  }
  return (
    <header class="site-header folded" ref={ref} data-testid="site-header-folded">
      <div class="bar">
        <a class="brand" href="/">
          <span class="brand-zh">{t('Tongban')}</span>
        </a>
        <button
          type="button"
          ref={toggle}
          class="btn tool menu-toggle"
          data-testid="menu-toggle"
          aria-expanded={open}
          aria-controls="site-menu"
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true">{open ? '✕' : '☰'}</span> {t('Menu')}
          {!open && <UnreadBadge n={unread} />}
        </button>
      </div>
      <div class="bar tools quick-tools">
        <ReadAloudButton ra={ra} />
        <a class="btn tool" href="/help" data-testid="help" aria-current={path === '/help' ? 'page' : undefined}>
          {t('Help')}
        </a>
      </div>
      <div id="site-menu" class="site-menu" hidden={!open}>
        <div class="menu-tools">
          <ElderSwitch />
        </div>
        <nav aria-label={menuLabel}>
          <MenuLinks withHelp={false} unread={unread} />
        </nav>
      </div>
    </header>
  )
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { state } = useUi()
  const { me } = useAuth()
  const { path } = useLocation()
  const first = useRef(true)
  const { acting } = useActing()
  const ra = useReadAloud()
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
      <SiteHeader ra={ra} />
      <ReadAloudProblem ra={ra} />
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
