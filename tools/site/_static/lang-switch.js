// Keep the reader's place when switching language: twin pages have the same headings in
// the same order, and build_site.py labels the n-th heading of a notebook the same way
// (sec-n, tools/site/twin_anchors.py) in both languages.
"use strict";

function currentSectionLabel() {
  const labels = Array.from(document.querySelectorAll("[id^='sec-']"));
  if (!labels.length) return "";
  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target) {
    const section = target.closest("section");
    const own = section && (section.id.startsWith("sec-") ? section : section.querySelector("[id^='sec-']"));
    if (own) return own.id;
  }
  let best = "";
  for (const label of labels) {
    if (label.getBoundingClientRect().top > 80) break;
    best = label.id;
  }
  return best;
}

document.addEventListener("DOMContentLoaded", () => {
  const link = document.getElementById("lang-switch");
  if (!link) return;
  link.addEventListener("click", () => {
    const label = currentSectionLabel();
    link.href = link.href.split("#")[0] + (label ? "#" + label : "");
  });
});
