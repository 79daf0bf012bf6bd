import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { LANGS, LANG_NAMES, isLang, t, BCP47 } from '../i18n'
import { useTitle, useUi } from '../context'
import { KIOSK_IDLE_MS, TEXT_SCALES, type TextScale } from '../settings'
import { MyRegionSelect, useHomeRegions } from '../components/WhereToApply'

/** One setting; `keywords` (in every language, plus aliases) let the filter box find it. */
function Setting({ filter, keywords, children }: { filter: string; keywords: string[]; children: ComponentChildren }) {
  const f = filter.trim().toLowerCase()
  const hit = !f || keywords.some((k) => k.toLowerCase().includes(f))
  return (
    <div class="setting" hidden={!hit}>
      {children}
    </div>
  )
}

// Aliases under which people (and other apps) know these modes; kept untranslated on purpose.
const ELDER_ALIASES = ['长辈版', '長輩版', '亲情版', '親情版', '关爱版', '關愛版', '关怀版', '關懷版', 'elder', 'senior', 'assisted', 'large']

export function Settings() {
  const { state, store } = useUi()
  const [filter, setFilter] = useState('')
  const { regions } = useHomeRegions()
  useTitle(t('Settings'))
  const settingKeys = {
    lang: ['language', '语言', '語言', 'lang', ...Object.values(LANG_NAMES), t('Language')],
    size: ['text size', 'font', '字号', '字體', '字体', '大字', 'zoom', t('Text size')],
    elder: [...ELDER_ALIASES, t('Assisted mode'), t('Assisted mode for older people')],
    region: ['region', 'location', '地区', '地區', '区县', '區縣', '位置', '附近', '窗口', t('Your region')],
    kiosk: ['kiosk', '自助', '一体机', '一體機', 'public', t('Kiosk mode')],
  }
  const none = filter.trim() && !Object.values(settingKeys).some((ks) => ks.some((k) => k.toLowerCase().includes(filter.trim().toLowerCase())))

  return (
    <>
      <h1>{t('Settings')}</h1>
      <div class="field">
        <label for="settings-filter">{t('Find a setting')}</label>
        <input id="settings-filter" type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} aria-describedby="settings-filter-hint" autoComplete="off" />
        <p class="hint" id="settings-filter-hint">
          {t('For example: 关怀版, language, text size.')}
        </p>
      </div>
      {none && <p role="status">{t('No setting matches “{q}”.', { q: filter.trim() })}</p>}
      <form class="settings" onSubmit={(e) => e.preventDefault()}>
        <Setting filter={filter} keywords={settingKeys.lang}>
          <label for="set-lang">
            {t('Language')}
            {state.lang !== 'en' && <span lang="en"> · Language</span>}
          </label>
          <select id="set-lang" name="lang" data-testid="setting-lang" value={state.lang} onChange={(e) => isLang(e.currentTarget.value) && store.update({ lang: e.currentTarget.value })}>
            {LANGS.map((l) => (
              <option key={l} value={l} lang={BCP47[l]}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
        </Setting>
        <Setting filter={filter} keywords={settingKeys.size}>
          <label for="set-text-scale">{t('Text size')}</label>
          <select
            id="set-text-scale"
            name="textScale"
            data-testid="setting-text-scale"
            value={String(state.textScale)}
            onChange={(e) => {
              const v = Number(e.currentTarget.value) as TextScale
              if (TEXT_SCALES.includes(v)) store.update({ textScale: v })
            }}
          >
            {TEXT_SCALES.map((s) => (
              <option key={s} value={String(s)}>
                {`${s * 100}%`}
              </option>
            ))}
          </select>
        </Setting>
        <Setting filter={filter} keywords={settingKeys.region}>
          <MyRegionSelect id="set-region" testid="setting-region" regions={regions} />
        </Setting>
        <Setting filter={filter} keywords={settingKeys.elder}>
          <div class="check">
            <input id="set-elder" type="checkbox" name="elder" data-testid="setting-elder" checked={state.elder} onChange={(e) => store.update({ elder: e.currentTarget.checked })} aria-describedby="set-elder-hint" />
            <label for="set-elder">{t('Assisted mode for older people')}</label>
          </div>
          <p class="hint" id="set-elder-hint">
            {t('Also called 长辈版, 亲情版, 关爱版 or 关怀版: larger text and buttons, read-aloud, one step per screen, help always at hand.')}
          </p>
        </Setting>
        <Setting filter={filter} keywords={settingKeys.kiosk}>
          <div class="check">
            <input id="set-kiosk" type="checkbox" name="kiosk" data-testid="setting-kiosk" checked={state.kiosk} onChange={(e) => store.setKiosk(e.currentTarget.checked)} aria-describedby="set-kiosk-hint" />
            <label for="set-kiosk">{t('Kiosk mode')}</label>
          </div>
          <p class="hint" id="set-kiosk-hint">
            {t('For shared self-service machines: nothing is saved on the device, and the screen starts over after {n} minutes without use.', { n: Math.round(KIOSK_IDLE_MS / 60000) })}
          </p>
        </Setting>
      </form>
      <p class="muted">{state.kiosk ? t('Kiosk mode is on: these settings last until the screen starts over.') : t('Settings are saved on this device and apply at once.')}</p>
    </>
  )
}
