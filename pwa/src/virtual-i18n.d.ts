// The catalogue parts made by scripts/paint-plugin.mjs (i18nParts): {msgid: translation}.
declare module 'virtual:tb-i18n/*' {
  const catalog: Record<string, string>
  export default catalog
}
