// Field errors of a problem+json answer as lists of sentences: webargs nests the errors of a list's
// items by index ({"permissions": {"0": [...]}}); a page shows them at the list's control.
export function flatErrors(errors: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  const walk = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(walk) : v && typeof v === 'object' ? Object.values(v).flatMap(walk) : [])
  for (const [k, v] of Object.entries(errors)) {
    const msgs = walk(v)
    if (msgs.length) out[k] = [...new Set(msgs)]
  }
  return out
}
