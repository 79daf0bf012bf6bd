// Measures a rendered page against the 长辈版 (assisted mode) bar of DESIGN.md §9, which follows
// the MIIT 《互联网网站适老化通用设计规范》/《移动互联网应用（APP）适老化通用设计规范》 (2021) and WCAG 2.2:
//   - main-content text ≥ 18 (MIIT: "主要内容文字字号不小于18dp/pt"; on a phone one dp is one CSS px),
//   - every interactive target ≥ 60×60 CSS px (MIIT: "可点击元素 ... 不小于 60×60 dp"),
//   - text contrast ≥ 4.5:1 against its effective background (WCAG 1.4.3 relative luminance),
//   - line-height ≥ 1.3 (MIIT: "行间距不小于1.3倍"),
//   - read-aloud and help present, help within the first screen ("一键可达"),
//   - no pop-ups: no dialogs and no fixed-position overlays (MIIT: "禁止弹窗" in 适老化 mode).
// Called by Playwright as page.evaluate(source, options); returns plain data, asserts nothing.
(options) => {
  const opts = Object.assign({ maxListed: 15 }, options || {});
  const vw = window.innerWidth;
  const vh = window.innerHeight;
  window.scrollTo(0, 0);

  // ---- helpers -------------------------------------------------------------------------------
  const styleCache = new Map();
  const cs = (el) => {
    let s = styleCache.get(el);
    if (!s) {
      s = getComputedStyle(el);
      styleCache.set(el, s);
    }
    return s;
  };

  const describe = (el) => {
    if (!el || el.nodeType !== 1) return String(el);
    const parts = [];
    for (let e = el, depth = 0; e && e.nodeType === 1 && depth < 4; e = e.parentElement, depth++) {
      let p = e.tagName.toLowerCase();
      if (e.id) p += "#" + e.id;
      const tid = e.getAttribute("data-testid");
      if (tid) p += `[data-testid=${tid}]`;
      else if (typeof e.className === "string" && e.className.trim()) {
        p += "." + e.className.trim().split(/\s+/).slice(0, 2).join(".");
      }
      parts.unshift(p);
      if (e.id || tid) break;
    }
    return parts.join(" > ");
  };
  const snippet = (el) => {
    const label = el.getAttribute("aria-label") || (el.labels && el.labels[0] && el.labels[0].innerText);
    return (label || el.innerText || el.value || "").replace(/\s+/g, " ").trim().slice(0, 40);
  };

  // An element is hidden when it, or an ancestor, is not rendered, is invisible, is fully
  // transparent, or is clipped to (almost) nothing — the usual "visually hidden" pattern for
  // screen-reader-only text, which no sighted user reads and so is exempt from size and contrast.
  const hiddenCache = new Map();
  const isHidden = (el) => {
    if (!el || el.nodeType !== 1) return false;
    if (hiddenCache.has(el)) return hiddenCache.get(el);
    const s = cs(el);
    let hidden = false;
    if (s.display === "none" || s.visibility !== "visible" || parseFloat(s.opacity) === 0) {
      hidden = true;
    } else {
      const clips = s.overflow !== "visible" || s.clip !== "auto" || s.clipPath !== "none";
      if (clips && s.display !== "contents") {
        const r = el.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) hidden = true;
      }
      if (!hidden && el.parentElement) hidden = isHidden(el.parentElement);
    }
    hiddenCache.set(el, hidden);
    return hidden;
  };
  const offPage = (r) => r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0;
  const isVisibleElement = (el) => {
    if (isHidden(el)) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && !offPage(r);
  };

  // Colours: let the browser parse any CSS colour (rgb, hex, oklch, color-mix…) into sRGB bytes.
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const colourCache = new Map();
  const parseColour = (text) => {
    if (colourCache.has(text)) return colourCache.get(text);
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "rgba(0,0,0,0)";
    ctx.fillStyle = text;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    const c = { r: d[0], g: d[1], b: d[2], a: d[3] / 255 };
    colourCache.set(text, c);
    return c;
  };
  const over = (top, bottom) => {  // source-over compositing of top onto an opaque bottom
    const a = top.a;
    return {
      r: top.r * a + bottom.r * (1 - a),
      g: top.g * a + bottom.g * (1 - a),
      b: top.b * a + bottom.b * (1 - a),
      a: 1,
    };
  };
  const luminance = (c) => {  // WCAG 2.x relative luminance (sRGB)
    const ch = (v) => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const ratio = (a, b) => {
    const la = luminance(a);
    const lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  };
  const hex = (c) => "#" + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");

  // The backgrounds a text element may be painted on: walk up the ancestors collecting background
  // layers until one is opaque; a gradient contributes each of its colour stops (the worst stop
  // decides); an image background cannot be judged from the DOM and is reported as such.
  const colourTokens = /(rgba?\([^)]*\)|hsla?\([^)]*\)|#[0-9a-fA-F]{3,8}\b|(?:oklch|oklab|lch|lab|color)\([^)]*\))/g;
  const backgroundsOf = (el) => {
    const layers = [];  // nearest first; each layer is a list of alternative colours
    let image = null;
    for (let e = el; e; e = e.parentElement) {
      const s = cs(e);
      const bgImage = s.backgroundImage;
      if (bgImage && bgImage !== "none") {
        if (/url\(/.test(bgImage)) {
          image = describe(e);
        } else {
          const stops = (bgImage.match(colourTokens) || []).map(parseColour);
          if (stops.length) layers.push(stops);
        }
      }
      const bg = parseColour(s.backgroundColor);
      if (bg.a > 0) layers.push([bg]);
      if (bg.a >= 1) break;
    }
    let candidates = [{ r: 255, g: 255, b: 255, a: 1 }];  // the canvas behind everything
    for (let i = layers.length - 1; i >= 0; i--) {
      const next = [];
      for (const base of candidates) for (const c of layers[i]) next.push(over(c, base));
      candidates = next.slice(0, 32);
    }
    return { candidates, image };
  };
  const cumulativeOpacity = (el) => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= parseFloat(cs(e).opacity);
    return o;
  };

  // line-height "normal" depends on the font's metrics: measure it rather than guess.
  const normalLhCache = new Map();
  const lineHeightRatio = (el) => {
    const s = cs(el);
    const fs = parseFloat(s.fontSize);
    if (s.lineHeight !== "normal") return parseFloat(s.lineHeight) / fs;
    const key = s.fontFamily + "|" + s.fontSize + "|" + s.fontWeight;
    if (!normalLhCache.has(key)) {
      const probe = document.createElement("div");
      probe.style.cssText = "position:absolute;left:-9999px;top:0;visibility:hidden;white-space:nowrap;" +
        "line-height:normal;padding:0;border:0;margin:0";
      probe.style.fontFamily = s.fontFamily;
      probe.style.fontSize = s.fontSize;
      probe.style.fontWeight = s.fontWeight;
      probe.textContent = "国Ag";
      document.body.appendChild(probe);
      normalLhCache.set(key, probe.getBoundingClientRect().height / fs);
      probe.remove();
    }
    return normalLhCache.get(key);
  };

  // ---- text: size, contrast, line height -----------------------------------------------------
  const main = document.querySelector("main") || document.querySelector("[role=main]");
  const textElements = new Map();  // element -> its visible own text
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue.replace(/\s+/g, " ").trim();
    if (!text) continue;
    const el = n.parentElement;
    if (!el || el.closest("script,style,noscript,template,svg")) continue;
    if (isHidden(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length || rects.every(offPage)) continue;
    textElements.set(el, (textElements.get(el) || "") + text);
  }

  const font = { min: null, minPage: null, small: [] };
  const contrast = { min: null, failures: [], indeterminate: [] };
  const lineHeight = { min: null, failures: [] };
  let mainTextCount = 0;
  for (const [el, text] of textElements) {
    const s = cs(el);
    const fs = parseFloat(s.fontSize);
    const inMain = !!(main && main.contains(el));
    const where = { element: describe(el), text: text.slice(0, 40) };

    if (font.minPage === null || fs < font.minPage.px) font.minPage = Object.assign({ px: fs }, where);
    if (inMain) {
      mainTextCount++;
      if (font.min === null || fs < font.min.px) font.min = Object.assign({ px: fs }, where);
      if (fs < opts.minFontPx) font.small.push(Object.assign({ px: fs }, where));
      const lh = lineHeightRatio(el);
      if (lineHeight.min === null || lh < lineHeight.min.ratio) {
        lineHeight.min = Object.assign({ ratio: +lh.toFixed(3) }, where);
      }
      if (lh < opts.minLineHeight - 1e-3) lineHeight.failures.push(Object.assign({ ratio: +lh.toFixed(3) }, where));
    }

    // Contrast is checked on the whole page: header, navigation and footer are read too.
    const { candidates, image } = backgroundsOf(el);
    if (image) {
      contrast.indeterminate.push(Object.assign({ reason: "background image on " + image }, where));
      continue;
    }
    const fg = parseColour(s.color);
    const fgAlpha = fg.a * cumulativeOpacity(el);
    let worst = null;
    for (const bg of candidates) {
      const eff = over({ r: fg.r, g: fg.g, b: fg.b, a: fgAlpha }, bg);
      const r = ratio(eff, bg);
      if (worst === null || r < worst.ratio) worst = { ratio: r, fg: hex(eff), bg: hex(bg) };
    }
    worst.ratio = +worst.ratio.toFixed(2);
    if (contrast.min === null || worst.ratio < contrast.min.ratio) contrast.min = Object.assign({}, worst, where);
    if (worst.ratio < opts.minContrast) contrast.failures.push(Object.assign({}, worst, where));
  }

  // ---- interactive targets -------------------------------------------------------------------
  const targetSelector = [
    "a[href]", "button", "input:not([type=hidden])", "select", "textarea", "summary",
    "[role=button]", "[role=link]", "[role=tab]", "[role=checkbox]", "[role=radio]",
    "[role=switch]", "[role=menuitem]", "[role=option]", "[tabindex]:not([tabindex='-1'])",
  ].join(",");
  const targets = { count: 0, min: null, failures: [] };
  const seen = new Set();
  for (const el of document.querySelectorAll(targetSelector)) {
    if (seen.has(el)) continue;
    seen.add(el);
    // A checkbox or radio is operated through its label as well (clicking the label toggles
    // it), so its target is the largest of the control and its visible labels; custom controls
    // often hide the native input and draw the label as the whole target.
    const boxes = [];
    if (isVisibleElement(el)) boxes.push(el.getBoundingClientRect());
    if (el.labels && /^(checkbox|radio)$/.test(el.type)) {
      for (const label of el.labels) if (isVisibleElement(label)) boxes.push(label.getBoundingClientRect());
    }
    if (!boxes.length) continue;
    const best = boxes.reduce((a, b) => (Math.min(b.width, b.height) > Math.min(a.width, a.height) ? b : a));
    targets.count++;
    const m = {
      w: +best.width.toFixed(1), h: +best.height.toFixed(1),
      element: describe(el), text: snippet(el),
    };
    if (targets.min === null || Math.min(m.w, m.h) < Math.min(targets.min.w, targets.min.h)) targets.min = m;
    if (m.w < opts.minTarget - 0.5 || m.h < opts.minTarget - 0.5) targets.failures.push(m);
  }

  // ---- read-aloud, help, pop-ups -------------------------------------------------------------
  const control = (testid) => {
    const el = document.querySelector(`[data-testid="${testid}"]`);
    if (!el) return { present: false, visible: false, inFirstScreen: false };
    const r = el.getBoundingClientRect();
    const visible = isVisibleElement(el);
    return {
      present: true, visible,
      inFirstScreen: visible && r.top < vh && r.bottom > 0 && r.left < vw && r.right > 0,
      element: describe(el), text: snippet(el),
    };
  };

  const popups = [];
  for (const el of document.querySelectorAll("[role=dialog],[role=alertdialog],[aria-modal=true],dialog[open]")) {
    if (isVisibleElement(el)) popups.push({ kind: "dialog", element: describe(el), text: snippet(el) });
  }
  const fixed = [];
  for (const el of document.body.querySelectorAll("*")) {
    const pos = cs(el).position;
    if (pos !== "fixed" && pos !== "sticky") continue;
    if (!isVisibleElement(el)) continue;
    const r = el.getBoundingClientRect();
    const info = {
      position: pos, element: describe(el), text: snippet(el),
      rect: [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)],
    };
    fixed.push(info);
    if (pos !== "fixed") continue;
    // A bar docked to the top or bottom edge (a header or a toolbar) is not a pop-up; anything
    // floating mid-screen or covering more than a quarter of the screen is.
    const docked = r.top <= 1 || r.bottom >= vh - 1;
    const area = (Math.min(r.right, vw) - Math.max(r.left, 0)) * (Math.min(r.bottom, vh) - Math.max(r.top, 0));
    if (!docked || area > 0.25 * vw * vh) popups.push(Object.assign({ kind: "fixed overlay" }, info));
  }

  const cap = (list) => list.slice(0, opts.maxListed);
  return {
    url: location.pathname + location.search,
    mode: document.documentElement.dataset.mode || null,
    hasMain: !!main,
    mainTextCount,
    font: { min: font.min, minPage: font.minPage, small: cap(font.small), smallCount: font.small.length },
    lineHeight: { min: lineHeight.min, failures: cap(lineHeight.failures), failureCount: lineHeight.failures.length },
    contrast: {
      min: contrast.min, failures: cap(contrast.failures), failureCount: contrast.failures.length,
      indeterminate: cap(contrast.indeterminate),
    },
    targets: { count: targets.count, min: targets.min, failures: cap(targets.failures), failureCount: targets.failures.length },
    readAloud: control("read-aloud"),
    help: control("help"),
    popups,
    fixed,
  };
}
