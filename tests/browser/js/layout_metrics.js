// Layout facts for the large-text mode (DESIGN.md §9: "scales to 200% without breaking layout";
// WCAG 1.4.4 Resize Text and 1.4.10 Reflow): horizontal overflow at phone width, and the text
// sizes actually rendered, so a test can compare them across text scales.
// On a mobile viewport Chromium widens the layout viewport to fit content that overflows, so
// innerWidth itself grows (376 instead of 360): overflow is judged against the device width the
// test set (options.width), and innerWidth is reported beside it.
// Called by Playwright as page.evaluate(source, {width}); returns plain data, asserts nothing.
(options) => {
  const root = document.scrollingElement || document.documentElement;
  const vw = (options && options.width) || window.innerWidth;
  const describe = (el) => {
    const parts = [];
    for (let e = el, depth = 0; e && e.nodeType === 1 && depth < 4; e = e.parentElement, depth++) {
      let p = e.tagName.toLowerCase();
      const tid = e.getAttribute("data-testid");
      if (e.id) p += "#" + e.id;
      if (tid) p += `[data-testid=${tid}]`;
      else if (typeof e.className === "string" && e.className.trim()) {
        p += "." + e.className.trim().split(/\s+/).slice(0, 2).join(".");
      }
      parts.unshift(p);
      if (e.id || tid) break;
    }
    return parts.join(" > ");
  };
  // Inside a horizontal scroll container (a wide table, say) overflow is intended and reachable.
  const inScroller = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const ox = getComputedStyle(e).overflowX;
      if (ox === "auto" || ox === "scroll" || ox === "hidden" || ox === "clip") return true;
    }
    return false;
  };
  const overflowing = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > vw + 1 || r.left < -1) {
      const s = getComputedStyle(el);
      if (s.visibility !== "visible" || s.position === "fixed") continue;
      if (r.right <= 0 || r.left >= vw + 200) continue;  // parked off-screen on purpose (skip links)
      if (inScroller(el)) continue;
      overflowing.push({ element: describe(el), left: Math.round(r.left), right: Math.round(r.right),
                         text: (el.innerText || "").replace(/\s+/g, " ").trim().slice(0, 30) });
    }
  }
  // Character-weighted font sizes of main-content text: the dominant size is the body text.
  const main = document.querySelector("main") || document.body;
  const weights = new Map();
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.nodeValue.replace(/\s+/g, "");
    if (!t || !n.parentElement) continue;
    const s = getComputedStyle(n.parentElement);
    if (s.display === "none" || s.visibility !== "visible") continue;
    const px = parseFloat(s.fontSize);
    weights.set(px, (weights.get(px) || 0) + t.length);
  }
  let dominant = null;
  for (const [px, w] of weights) if (dominant === null || w > weights.get(dominant)) dominant = px;
  const h1 = document.querySelector("main h1") || document.querySelector("h1");
  return {
    scrollWidth: root.scrollWidth,
    innerWidth: window.innerWidth,
    deviceWidth: vw,
    overflowing: overflowing.slice(0, 10),
    overflowCount: overflowing.length,
    dominantFontPx: dominant,
    h1FontPx: h1 ? parseFloat(getComputedStyle(h1).fontSize) : null,
    rootFontPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
    textScale: document.documentElement.dataset.textScale || null,
  };
}
