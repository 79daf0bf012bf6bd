// 长辈版 guide: one step per screen ("每屏只做一步"). A long part is split into screens of a few
// items; after 下一步 or 上一步 the step's heading is scrolled to the top and takes the focus; 下一步
// sits in a bar that sticks to the bottom of the screen; the last step is 办事去哪 (how to apply).
import type { ComponentChildren, VNode } from 'preact'
import { useLayoutEffect, useRef } from 'preact/hooks'
import { useLocation } from 'preact-iso'
import { t } from '../i18n'
import type { TextScale } from '../settings'

export interface Section {
  id: string
  title: string
  body: ComponentChildren
  /** 长辈版: `count` items shown `perScreen` at a time (at text sizes 100 %, 150 %, 200 %). */
  split?: { count: number; perScreen: readonly [number, number, number]; part: (from: number, to: number) => VNode }
}

interface Step {
  id: string
  title: string
  body: ComponentChildren
}

const SCALES: readonly TextScale[] = [1, 1.5, 2]

/** The sections as screens: a split section becomes "申请材料（1/3）", "申请材料（2/3）"… */
export function stepsOf(sections: readonly Section[], textScale: TextScale): Step[] {
  const out: Step[] = []
  for (const s of sections) {
    const per = s.split ? s.split.perScreen[Math.max(0, SCALES.indexOf(textScale))]! : 0
    if (!s.split || s.split.count <= per) {
      out.push({ id: s.id, title: s.title, body: s.body })
      continue
    }
    const n = Math.ceil(s.split.count / per)
    for (let i = 0; i < n; i++) {
      const title = t('{title} ({i} of {n})', { title: s.title, i: i + 1, n })
      out.push({ id: i ? `${s.id}-${i + 1}` : s.id, title, body: s.split.part(i * per, (i + 1) * per) })
    }
  }
  return out
}

export function GuideSteps({ code, sections, step, head, textScale }: {
  code: string
  sections: readonly Section[]
  step: number
  head: ComponentChildren
  textScale: TextScale
}) {
  const { route } = useLocation()
  const steps = stepsOf(sections, textScale)
  const n = steps.length
  const i = Math.min(n - 1, Math.max(0, step))
  const s = steps[i]!
  const to = (k: number) => route(`/matters/${encodeURIComponent(code)}${k ? `?step=${k}` : ''}`)

  // After 上一步/下一步 (not on arrival): the new step's top at the top of the screen, focus on its heading.
  const box = useRef<HTMLElement>(null)
  const shown = useRef(i)
  useLayoutEffect(() => {
    if (shown.current === i) return
    shown.current = i
    box.current?.scrollIntoView({ block: 'start' })
    box.current?.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true })
  }, [i])

  // The head inside the steps' box: the sticky bar may rise over it, so 下一步 is on the first screen
  // even when the head fills it (large text).
  return (
    <div class="guide-steps">
      {head}
      <section class="section guide-step" aria-labelledby={`g-${s.id}`} ref={box} data-testid="guide-step">
        <div class="step-head">
          <p class="step-of" data-testid="step-of">
            {t('Part {i} of {n}', { i: i + 1, n })}
          </p>
          {i > 0 && (
            <button type="button" class="btn secondary step-back" data-testid="step-back" onClick={() => to(i - 1)}>
              <span aria-hidden="true">‹ </span>
              {t('Previous step')}
            </button>
          )}
        </div>
        <h2 id={`g-${s.id}`} tabIndex={-1}>
          {s.title}
        </h2>
        {s.body}
      </section>
      {i < n - 1 && (
        <div class="step-nav step-bar" data-testid="step-bar">
          <button type="button" class="btn" data-testid="step-next" onClick={() => to(i + 1)}>
            {t('Next: {title}', { title: steps[i + 1]!.title })}
          </button>
        </div>
      )}
    </div>
  )
}
