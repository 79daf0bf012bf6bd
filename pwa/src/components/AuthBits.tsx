// Small shared pieces of the identity pages.
import type { ComponentChildren } from 'preact'
import { useEffect, useRef } from 'preact/hooks'
import type { Profile } from '../api/types'
import { passkeyBlocker } from '../auth/webauthn'
import { t } from '../i18n'

/** Where passkeys cannot work (a browser without them, or a numeric address such as 127.0.0.1, which
 * WebAuthn refuses), say so in plain words instead of offering a button that can only fail. How a
 * developer gets passkeys to work is on the developer page (/dev/outbox), not here. */
export function PasskeyUnavailable({ testid }: { testid: string }) {
  const blocker = passkeyBlocker()
  return (
    <p class="notice passkey-unavailable" data-testid={`${testid}-unavailable`}>
      {blocker === 'address' ? t('Passkeys cannot be used at this web address.') : t('This browser cannot use passkeys.')}
    </p>
  )
}

/** The big passkey button (a key mark, then the words), or why there is none. */
export function PasskeyButton({ testid, label, busy, onClick }: { testid: string; label: string; busy: boolean; onClick: () => void }) {
  if (passkeyBlocker()) return <PasskeyUnavailable testid={testid} />
  return (
    <button type="button" class="btn passkey-btn" data-testid={testid} disabled={busy} onClick={onClick}>
      <svg class="key-mark" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8" r="5" fill="none" stroke="currentColor" stroke-width="2.2" />
        <path d="M11.5 11.5 21 21m-4-4 2.5-2.5M14.5 14.5 17 12" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
      </svg>
      {busy ? t('Waiting for your passkey…') : label}
    </button>
  )
}

/** Already signed in: say as whom, with the way to the account. */
export function SignedInNote({ me }: { me: Profile }) {
  return (
    <p class="notice signed-in">
      {t('You are signed in ({phone}).', { phone: me.phone_masked })} <a href="/account">{t('Go to My account')}</a>
    </p>
  )
}

/** A step's heading; takes focus when `focus` turns true (one step per screen in 长辈版). */
export function StepHeading({ id, focus, children }: { id: string; focus: boolean; children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null)
  const was = useRef(focus)
  useEffect(() => {
    if (focus && !was.current) ref.current?.focus()
    was.current = focus
  }, [focus])
  return (
    <h2 id={id} ref={ref} tabIndex={-1}>
      {children}
    </h2>
  )
}

/** "Step 1 of 3" above a 长辈版 step. */
export const StepOf = ({ i, n }: { i: number; n: number }) => <p class="step-of">{t('Step {i} of {n}', { i, n })}</p>
