// Gatehouse console: progressive enhancement only; every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Confirm destructive actions.
  for (const b of document.querySelectorAll("button.danger")) {
    b.addEventListener("click", (e) => {
      if (!window.confirm(b.textContent.trim() + "?")) e.preventDefault();
    });
  }
});
