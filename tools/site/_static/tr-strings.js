// Turkish words that no message catalog can give the Turkish site (loaded there only):
// sphinx-copybutton's messages and the search page's result line, which Sphinx's Turkish
// catalog leaves empty (the page would say nothing). This file loads after copybutton.js
// and translations.js, and before the copy buttons are made (on DOMContentLoaded).
"use strict";

if (typeof messages === "object" && typeof locale === "string" && typeof iconCopy === "string") {
  messages.tr = {
    copy: "Kopyala",
    copy_to_clipboard: "Panoya kopyala",
    copy_success: "Kopyalandı!",
    copy_failure: "Kopyalanamadı",
  };
  iconCopy = iconCopy.replace(messages[locale].copy_to_clipboard, messages.tr.copy_to_clipboard);
  iconCheck = iconCheck.replace(messages[locale].copy_success, messages.tr.copy_success);
  locale = "tr";
}

if (typeof Documentation === "object" && Documentation.TRANSLATIONS) {
  Object.assign(Documentation.TRANSLATIONS, {
    "Search finished, found one page matching the search query.": [
      "Arama bitti: aramaya uyan bir sayfa bulundu.",
      "Arama bitti: aramaya uyan ${resultCount} sayfa bulundu.",
    ],
  });
}
