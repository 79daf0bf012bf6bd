// A step that asks before something that cannot be undone (withdraw, cancel, revoke): the trigger
// button, then the question with a red "yes" and a way back. The caller owns the request; `extra`
// goes under the question (a reason field, for example).
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'

export interface AskFirstProps {
  trigger: string
  triggerTestid: string
  question: ComponentChildren
  yes: string
  yesTestid: string
  no: string
  noTestid?: string
  busy?: boolean
  extra?: ComponentChildren
  /** true when done (the question closes); false leaves it open, with the caller's error on the page. */
  onYes: () => Promise<boolean>
  stepTestid?: string
}

export function AskFirst(p: AskFirstProps) {
  const [asking, setAsking] = useState(false)
  if (!asking) {
    return (
      <button type="button" class="btn secondary" data-testid={p.triggerTestid} onClick={() => setAsking(true)}>
        {p.trigger}
      </button>
    )
  }
  const yes = async () => {
    if (await p.onYes()) setAsking(false)
  }
  return (
    <div class="confirm" data-testid={p.stepTestid}>
      <p>{p.question}</p>
      {p.extra}
      <div class="actions">
        <button type="button" class="btn danger" data-testid={p.yesTestid} disabled={p.busy} onClick={() => void yes()}>
          {p.yes}
        </button>
        <button type="button" class="btn secondary" data-testid={p.noTestid} onClick={() => setAsking(false)}>
          {p.no}
        </button>
      </div>
    </div>
  )
}
