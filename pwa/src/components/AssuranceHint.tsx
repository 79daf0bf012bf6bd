// On a guide: for a signed-in person below the identity level the matter needs, how to get there.
// (The level itself is in the guide's overview, for everyone.)
import { useAuth } from '../auth/session'
import { t } from '../i18n'
import { levelRank, levelWords } from '../labels'

export function AssuranceHint({ min }: { min: string }) {
  const { me } = useAuth()
  const need = levelRank(min)
  if (!me || levelRank(me.assurance) >= need) return null
  const vars = { need: `${min} · ${levelWords(min)}`, level: me.assurance }
  return (
    <div class="notice assurance-hint" data-testid="assurance-hint">
      {need >= 3 ? (
        <p>{t('This service needs level {need}; your account is at {level}. Take your ID card to any service window and the clerk verifies you in person (L3).', vars)}</p>
      ) : (
        <>
          <p>{t('This service needs level {need}; your account is at {level}. Verify your real name on My account to reach L2.', vars)}</p>
          <p>
            <a href="/account">{t('Go to My account')}</a>
          </p>
        </>
      )}
    </div>
  )
}
