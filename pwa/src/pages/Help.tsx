import { t } from '../i18n'
import { useTitle } from '../context'
import { HelpCard } from '../components/HelpCard'
import { modeHelp, modeLabel, MODES } from '../labels'

export function Help() {
  useTitle(t('Help'))
  return (
    <>
      <h1>{t('Help')}</h1>
      <HelpCard headingId="help-call" title={t('Talk to someone')} />
      <section class="section" aria-labelledby="help-find">
        <h2 id="help-find">{t('Finding a service')}</h2>
        <p>{t('Type what you need in the search box: Chinese words, pinyin (hukou) or initials (hkqy) all work. Or choose a zone on the home page.')}</p>
        <p>{t('Each service guide says who can apply, what to bring, how long it takes, what it costs and how you get the result.')}</p>
      </section>
      <section class="section" aria-labelledby="help-modes">
        <h2 id="help-modes">{t('Ways to apply')}</h2>
        <dl class="facts wide">
          {MODES.map((m) => (
            <div key={m}>
              <dt>{modeLabel(m)}</dt>
              <dd>{modeHelp(m)}</dd>
            </div>
          ))}
        </dl>
        <p>
          <a href="/directory" data-testid="link-directory">
            {t('Service centres and windows near you')}
          </a>
        </p>
        <p>
          <a href="/rate-window" data-testid="link-rate-window">
            {t('Rate a window’s service')}
          </a>
        </p>
      </section>
      <section class="section" aria-labelledby="help-family">
        <h2 id="help-family">{t('Family members applying for each other')}</h2>
        <p>{t('Under My family you can let a family member apply for you, or ask to apply for one. A family member or a window clerk can also fill in an application for you that you check and submit yourself.')}</p>
        <p>
          <a href="/family/stop" data-testid="link-family-stop">
            {t('End all authorisations with a code sent to my phone')}
          </a>
        </p>
      </section>
      <section class="section" aria-labelledby="help-elder">
        <h2 id="help-elder">{t('Assisted mode for older people')}</h2>
        <p>{t('Also called 长辈版, 亲情版, 关爱版 or 关怀版: larger text and buttons, read-aloud, one step per screen, help always at hand.')}</p>
        <p>{t('Turn it on or off with the button at the top of every page, or in Settings.')}</p>
      </section>
      <section class="section" aria-labelledby="help-offline">
        <h2 id="help-offline">{t('Without a connection')}</h2>
        <p>{t('Service guides you have opened once can be read again without a connection. Install Tongban from your browser menu to open it like an app.')}</p>
      </section>
    </>
  )
}

export function NotFound() {
  useTitle(t('Page not found'))
  return (
    <>
      <h1>{t('Page not found')}</h1>
      <p>{t('The address may be mistyped, or the page has moved.')}</p>
      <p>
        <a class="btn" href="/">
          {t('Back to home')}
        </a>
      </p>
    </>
  )
}
