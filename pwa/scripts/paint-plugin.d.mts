// Types for scripts/paint-plugin.mjs (imported by vite.config.ts and vitest.config.ts).
import type { Plugin } from 'vite'

export const LANGS: readonly string[]
export function staticGraph(entry: string): Set<string>
export function msgidsIn(files: Iterable<string>): Set<string>
export function catalogueParts(split?: boolean): Record<string, { core: Record<string, string>; rest: Record<string, string> }>
export function i18nParts(options?: { split?: boolean }): Plugin
export function paintBeforeJs(): Plugin
export function compressEverything(dir: string): number
export function precompress(): Plugin
