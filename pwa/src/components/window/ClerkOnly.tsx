// The mandate pages a window clerk uses: only with a staff session and an active clerk post;
// otherwise the way to the staff sign-in, or a note that only clerks record these.
import type { ComponentChildren } from 'preact'
import type { Profile } from '../../api/types'
import { useAuth } from '../../auth/session'
import { t } from '../../i18n'
import { Loading } from '../ErrorView'
import { StaffDenied } from '../../pages/cases/StaffQueue'

export const isClerk = (me: Profile | null | undefined): boolean => (me?.staff ?? []).some((s) => s.role === 'clerk' && s.active)

export function ClerkOnly({ children, notClerk }: { children: (me: Profile) => ComponentChildren; notClerk?: string }) {
  const { me } = useAuth()
  if (me === undefined) return <Loading />
  if (!me || !isClerk(me)) {
    const clerkPost = (me?.staff ?? []).some((s) => s.role === 'clerk')
    return me && !clerkPost ? <p class="notice" data-testid="clerk-only">{notClerk ?? t('Only window clerks record and look up authorisations at a window.')}</p> : <StaffDenied />
  }
  return <>{children(me)}</>
}
