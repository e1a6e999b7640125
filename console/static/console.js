// Gatehouse console: progressive enhancement only; every page works without it.
"use strict";

// Confirm destructive actions.
function confirmDanger() {
  for (const b of document.querySelectorAll("button.danger")) {
    b.addEventListener("click", (e) => {
      if (!window.confirm(b.textContent.trim() + "?")) e.preventDefault();
    });
  }
}

// Live policy validation: a textarea with data-validate is checked as it is typed; the server
// renders the findings (the same fragment the no-script form shows) into the form's
// .findings-live element, and the annotated copy underlines each finding at its location.
const policyTypes = { identity: "IDENTITY_POLICY", trust: "trust" };

function liveValidation() {
  for (const area of document.querySelectorAll("textarea[data-validate]")) {
    const form = area.form;
    const out = form.querySelector(".findings-live") || document.getElementById("findings");
    if (!out) continue;
    let timer = 0;
    let seq = 0;
    const check = async () => {
      const body = new URLSearchParams();
      body.set("csrf", form.querySelector('input[name="csrf"]').value);
      body.set("PolicyDocument", area.value);
      const select = form.querySelector('select[name="policyType"]');
      body.set("policyType", select ? select.value : policyTypes[area.dataset.validate] || "IDENTITY_POLICY");
      const mine = ++seq;
      const resp = await fetch(document.body.dataset.prefix + "/validate", {
        method: "POST", body, credentials: "same-origin",
        headers: { "X-Console-Fragment": "findings" },
      });
      if (mine !== seq) return; // a newer check is on its way
      if (resp.ok) {
        out.innerHTML = await resp.text();
        out.dataset.checked = String(mine);
      }
    };
    const schedule = () => { clearTimeout(timer); timer = setTimeout(check, 400); };
    area.addEventListener("input", schedule);
    const select = form.querySelector('select[name="policyType"]');
    if (select) select.addEventListener("change", schedule);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  confirmDanger();
  liveValidation();
});
