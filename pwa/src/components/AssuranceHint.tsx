// On a guide: for a signed-in person below the identity level the matter needs, how to get there.
// (The level itself is in the guide's overview, for everyone.)
import { useAuth } from '../auth/session'
import { t } from '../i18n'
import { assuranceLabel, levelRank, levelWords } from '../labels'

export function AssuranceHint({ min }: { min: string }) {
  const { me } = useAuth()
  const need = levelRank(min)
  if (!me || levelRank(me.assurance) >= need) return null
  // In words only: the codes (L1…L3) mean nothing to a resident and read aloud as letters.
  const vars = { need: assuranceLabel(min), level: levelWords(me.assurance) }
  return (
    <div class="notice assurance-hint" data-testid="assurance-hint" data-need={min} data-level={me.assurance}>
      {need >= 3 ? (
        <p>{t('This service needs: {need}. Your account: {level}. Take your ID card to any service window and the clerk verifies you in person.', vars)}</p>
      ) : (
        <>
          <p>{t('This service needs: {need}. Your account: {level}. Verify your real name on My account.', vars)}</p>
          <p>
            <a href="/account">{t('Go to My account')}</a>
          </p>
        </>
      )}
    </div>
  )
}
