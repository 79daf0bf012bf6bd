import { t } from '../i18n'

/** Shown wherever the API marks data `demo: true`: the facts are examples, not an official guide. */
export function DemoLabel({ demo }: { demo?: boolean | null }) {
  if (!demo) return null
  return (
    <span class="demo-label" data-testid="demo-label">
      {t('Demo data')}
    </span>
  )
}
