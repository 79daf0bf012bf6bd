import { t } from '../i18n'

/** "Talk to someone": the hotline and the windows. Help one tap away (MIIT elder-friendly rules). */
export function HelpCard({ headingId, title, extraClass = '' }: { headingId: string; title: string; extraClass?: string }) {
  return (
    <section class={`section ${extraClass}`.trim()} aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p>{t('Call the government service hotline, or ask at any service window: staff will help you apply.')}</p>
      <p>
        <a class="btn" href="tel:12345">
          {t('Call 12345')}
        </a>
      </p>
    </section>
  )
}
