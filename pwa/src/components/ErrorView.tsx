import type { ApiError } from '../api/client'
import { t } from '../i18n'

/** A problem+json error (or a failed request) shown as a title, a detail and a way on. */
export function ErrorView({ error, onRetry, level = 2 }: { error: ApiError; onRetry?: () => void; level?: 1 | 2 }) {
  const H = level === 1 ? 'h1' : 'h2'
  const fields = Object.entries(error.errors ?? {})
  return (
    <div class="problem" role="alert">
      <div class="problem-head">
        <span class="problem-mark" aria-hidden="true">
          !
        </span>
        <H>{error.title}</H>
      </div>
      {error.detail && <p>{error.detail}</p>}
      {fields.length > 0 && (
        <ul>
          {fields.map(([field, msgs]) => (
            <li key={field}>
              <strong>{field}</strong>{t(': ')}{msgs.join(' ')}
            </li>
          ))}
        </ul>
      )}
      <div class="actions">
        {onRetry && (
          <button type="button" class="btn" onClick={onRetry}>
            {t('Try again')}
          </button>
        )}
        <a class="btn secondary" href="/">
          {t('Back to home')}
        </a>
      </div>
    </div>
  )
}

export function Loading({ label }: { label?: string }) {
  return (
    <p class="loading" role="status">
      {label ?? t('Loading…')}
    </p>
  )
}
