// Some Sphinx message catalogs (Turkish among them) give a plural expression such as
// "(n > 1)", which is a boolean; Documentation.ngettext indexes the translations with it,
// gets undefined, and the search page throws when it reports its results. Use the number.
// (doctools.js declares `const Documentation`: a global binding, not a window property.)
"use strict";

if (typeof Documentation === "object" && typeof Documentation.PLURAL_EXPR === "function") {
  const pluralOf = Documentation.PLURAL_EXPR;
  Documentation.PLURAL_EXPR = (n) => Number(pluralOf(n));
}
