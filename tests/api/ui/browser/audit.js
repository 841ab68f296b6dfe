// Accessibility smoke check of the current page, run in the browser by
// test_accessibility.py. Returns a list of problems (empty when the page passes).
() => {
  const problems = [];
  const visible = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.display !== "none" && style.visibility !== "hidden" && (box.width > 0 || box.height > 0);
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : "") +
    " \"" + (el.textContent || "").trim().slice(0, 40) + "\"";

  // Every form control has a label.
  for (const control of document.querySelectorAll("input, select, textarea")) {
    if (control.type === "hidden" || !visible(control)) { continue; }
    const labelled = (control.labels && control.labels.length > 0) ||
      control.getAttribute("aria-label") || control.getAttribute("aria-labelledby");
    if (!labelled) { problems.push("no label: " + describe(control)); }
  }
  // Buttons and links have names.
  for (const el of document.querySelectorAll("button, a[href]")) {
    const name = (el.getAttribute("aria-label") || el.textContent || "").trim();
    if (!name) { problems.push("no accessible name: " + describe(el)); }
  }
  // One h1, and no heading level skipped.
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(visible);
  const ones = headings.filter((h) => h.tagName === "H1").length;
  if (ones !== 1) { problems.push(ones + " h1 elements"); }
  let level = 0;
  for (const heading of headings) {
    const next = Number(heading.tagName[1]);
    if (next > level + 1) { problems.push("heading skips from h" + level + " to " + describe(heading)); }
    level = next;
  }
  // Charts drawn as images say what they show.
  for (const el of document.querySelectorAll("[role=img]")) {
    if (!el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby")) {
      problems.push("image without a text alternative: " + describe(el));
    }
  }
  if (!document.documentElement.lang) { problems.push("no lang on <html>"); }

  // Contrast: text against the colour behind it (WCAG AA: 4.5, large text 3).
  const rgb = (value) => {
    const parts = value.match(/[\d.]+/g);
    if (!parts) { return null; }
    const [r, g, b, a] = parts.map(Number);
    return { r, g, b, a: a === undefined ? 1 : a };
  };
  const luminance = ({ r, g, b }) => {
    const f = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const backgroundOf = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0.5) { return colour; }
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const checked = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !visible(el) || el.closest("svg")) { continue; }
    const style = getComputedStyle(el);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const value = ratio(rgb(style.color), backgroundOf(el));
    checked.push(value);
    if (value < (large ? 3 : 4.5)) {
      problems.push("contrast " + value.toFixed(2) + ": " + describe(el));
    }
  }
  // SVG text: block labels on their block, every other label on the chart's background.
  for (const text of document.querySelectorAll("svg text")) {
    if (!text.textContent.trim() || !visible(text)) { continue; }
    const fill = rgb(getComputedStyle(text).fill);
    const bar = text.closest(".gantt-block") && text.closest(".gantt-block").querySelector(".block-bar");
    const behind = bar ? [rgb(getComputedStyle(bar).fill)] : [backgroundOf(text.closest("svg")), { r: 244, g: 246, b: 248 }];
    for (const colour of behind) {
      const value = ratio(fill, colour);
      checked.push(value);
      if (value < 4.5) { problems.push("svg contrast " + value.toFixed(2) + ": " + describe(text)); }
    }
  }
  return { problems, checked: checked.length };
}
