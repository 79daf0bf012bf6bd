// What the case page shows around the case itself (issue 7): 好差评 once completed, the fee and its
// payment, the parcels, and the receipt (PDF and QR) once submitted. One component, so the case page
// needs a single line for all of them.
import type { Case } from '../../api/types'
import { CaseRating } from './Rating'
import { Payment } from './Payment'
import { ReceiptLinks } from './ReceiptLinks'
import { Waybills } from './Waybills'

export function AroundCase({ c, onCase }: { c: Case; onCase: (next: Case) => void }) {
  return (
    <>
      <CaseRating c={c} />
      <Payment c={c} onCase={onCase} />
      <Waybills c={c} />
      {c.submitted_at && <ReceiptLinks number={c.number} />}
    </>
  )
}
