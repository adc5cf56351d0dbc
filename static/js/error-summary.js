// A form sent back with errors (or not sent, when rate limited) starts at its error summary: keyboard and screen
// reader users hear what went wrong first and reach each field through the summary's links.
"use strict";
(function () {
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
