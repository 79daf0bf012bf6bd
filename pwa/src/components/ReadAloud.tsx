import { useEffect, useRef, useState } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { getLang, SPEECH_LANG, t } from '../i18n'
import { useUi } from '../context'

/** Split text into utterances short enough for every speech engine (some stop after ~15 s). */
export function chunks(text: string, max = 160): string[] {
  const parts = text.replace(/[ \t]+/g, ' ').split(/(?<=[。！？；.!?;\n])/)
  const out: string[] = []
  let cur = ''
  for (const p of parts) {
    if (cur && (cur + p).length > max) {
      out.push(cur.trim())
      cur = ''
    }
    cur += p
    while (cur.length > max) {
      out.push(cur.slice(0, max))
      cur = cur.slice(max)
    }
  }
  if (cur.trim()) out.push(cur.trim())
  return out.filter(Boolean)
}

const synth = (): SpeechSynthesis | undefined => (typeof window !== 'undefined' ? window.speechSynthesis : undefined)

export function stopReading(): void {
  synth()?.cancel()
}

// Engines name Chinese voices zh-CN, zh_TW, cmn-Hans-CN or yue-HK; any of them reads Chinese text.
const FAMILY: Record<string, string[]> = { zh: ['zh', 'cmn', 'yue'] }
const norm = (tag: string) => tag.replace(/_/g, '-').toLowerCase()

/** The voice for a language (BCP 47, e.g. zh-CN): the exact one, else one of its family; none, none. */
export function voiceFor<V extends { lang: string }>(voices: readonly V[], lang: string): V | undefined {
  const want = norm(lang)
  const family = FAMILY[want.split('-')[0]!] ?? [want.split('-')[0]!]
  return (
    voices.find((v) => norm(v.lang) === want) ??
    voices.find((v) => norm(v.lang).startsWith(want)) ??
    voices.find((v) => family.includes(norm(v.lang).split('-')[0]!))
  )
}

/** The voices, once the engine has them: some browsers list none until `voiceschanged` fires, and
 * some never do (no speech engine installed). Waits at most `waitMs`. */
export function loadVoices(s: SpeechSynthesis, waitMs = 1500): Promise<SpeechSynthesisVoice[]> {
  const now = s.getVoices()
  if (now.length) return Promise.resolve(now)
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      s.removeEventListener?.('voiceschanged', done)
      resolve(s.getVoices())
    }
    const timer = setTimeout(done, waitMs)
    s.addEventListener?.('voiceschanged', done)
  })
}

type Problem = 'no-speech' | 'no-voice' | 'failed'
// The utterance was stopped on purpose (the stop button, a new page): not a problem to report.
const STOPPED = new Set(['canceled', 'interrupted'])

/** Read-aloud's state, held by the layout (the header's button may be drawn again when the header
 * folds; the note about a missing voice sits under the header, not inside it). */
export interface ReadAloudState {
  speaking: boolean
  problem: Problem | null
  toggle: () => void
  close: () => void
}

/** Reads the page's main content aloud with the browser's speech synthesis. */
export function useReadAloud(): ReadAloudState {
  const [speaking, setSpeaking] = useState(false)
  const [problem, setProblem] = useState<Problem | null>(null)
  const checking = useRef(false)
  const { path } = useLocation()

  useEffect(() => {
    stopReading()
    setSpeaking(false)
    setProblem(null)
  }, [path])
  useEffect(() => {
    // Asking once makes engines that load voices lazily (Chromium) start loading them now.
    synth()?.getVoices()
    return () => stopReading()
  }, [])

  const speak = (s: SpeechSynthesis, voices: readonly SpeechSynthesisVoice[]) => {
    const lang = SPEECH_LANG[getLang()]
    const voice = voiceFor(voices, lang)
    if (!voice) {
      setProblem('no-voice')
      return
    }
    const main = document.getElementById('main')
    const list = chunks(main ? main.innerText || main.textContent || '' : '')
    if (!list.length) return
    s.cancel()
    list.forEach((c, i) => {
      const u = new SpeechSynthesisUtterance(c)
      u.lang = lang
      u.rate = 0.9
      try {
        u.voice = voice
      } catch {
        // not a voice object this engine accepts: it picks one by u.lang
      }
      u.onerror = (e) => {
        setSpeaking(false)
        if (!STOPPED.has(e.error)) {
          s.cancel()
          setProblem('failed')
        }
      }
      if (i === list.length - 1) u.onend = () => setSpeaking(false)
      s.speak(u)
    })
    setProblem(null)
    setSpeaking(true)
  }

  const toggle = () => {
    const s = synth()
    if (speaking) {
      s?.cancel()
      setSpeaking(false)
      return
    }
    if (!s || typeof SpeechSynthesisUtterance === 'undefined') {
      setProblem('no-speech')
      return
    }
    // Speak within the tap when the voices are known (iOS Safari speaks only then).
    const now = s.getVoices()
    if (now.length) return speak(s, now)
    if (checking.current) return
    checking.current = true
    void loadVoices(s).then((voices) => {
      checking.current = false
      speak(s, voices)
    })
  }

  return { speaking, problem, toggle, close: () => setProblem(null) }
}

export function ReadAloudButton({ ra }: { ra: ReadAloudState }) {
  return (
    <button type="button" class="btn tool read-aloud" data-testid="read-aloud" onClick={ra.toggle}>
      <span aria-hidden="true">{ra.speaking ? '■' : '▶'}</span> {ra.speaking ? t('Stop reading') : t('Read aloud')}
    </button>
  )
}

/** When read-aloud cannot work here: say so, and what works instead. */
export function ReadAloudProblem({ ra }: { ra: ReadAloudState }) {
  const { state } = useUi()
  const { problem } = ra
  if (!problem) return null
  const why =
    problem === 'no-speech'
      ? t('Read-aloud is not available in this browser.')
      : problem === 'no-voice'
        ? t('Read-aloud does not work here: this phone or browser has no voice for this language.')
        : t('Read-aloud stopped: this phone or browser could not speak the text.')
  return (
    <div class="read-aloud-slot">
      <div class="read-aloud-note" role="alert" data-testid="read-aloud-problem">
        <p class="read-aloud-why">{why}</p>
        <p>{t('What you can do instead:')}</p>
        <ul>
          <li>
            <a href="/settings" data-testid="read-aloud-larger">
              {t('Make the text larger')}
            </a>
          </li>
          <li>
            {state.kiosk ? t('Ask the staff in the service hall to help you.') : t('Ask someone to help you, or call the government service hotline:')}{' '}
            <a href="tel:12345" data-testid="read-aloud-hotline">
              12345
            </a>
          </li>
          {!state.kiosk && <li>{t('Turn on the screen reader in your phone’s accessibility settings: it reads every app aloud.')}</li>}
        </ul>
        <button type="button" class="btn secondary" onClick={ra.close}>
          {t('Close')}
        </button>
      </div>
    </div>
  )
}
