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
const policyTypes = { identity: "IDENTITY_POLICY", trust: "trust", scp: "SERVICE_CONTROL_POLICY",
  rcp: "RESOURCE_CONTROL_POLICY" };

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
      const select = form.querySelector('select[name="policyType"], select[data-policy-type]');
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
    const select = form.querySelector('select[name="policyType"], select[data-policy-type]');
    if (select) select.addEventListener("change", schedule);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  confirmDanger();
  liveValidation();
});

// Passkeys (WebAuthn): registration on the user's own page, and the MFA step of sign-in. The
// server's options are WebAuthn's JSON forms; the browser parses them and serializes its
// answer with toJSON.
async function postForm(path, fields) {
  const body = new URLSearchParams(fields);
  const resp = await fetch(document.body.dataset.prefix + path, { method: "POST", body, credentials: "same-origin" });
  let data = {};
  try { data = await resp.json(); } catch (e) { data = { error: "The console answered " + resp.status + "." }; }
  if (!resp.ok) throw new Error(data.error || ("The console answered " + resp.status + "."));
  return data;
}

async function registerPasskey(form, status) {
  const csrf = form.querySelector('input[name="csrf"]').value;
  const opts = await postForm("/passkeys/options", { csrf });
  const cred = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(opts.publicKey) });
  const name = form.querySelector('input[name="name"]').value;
  await postForm("/passkeys", { csrf, name, credential: JSON.stringify(cred.toJSON()) });
  status.textContent = "Registered.";
  window.location.reload();
}

async function signInWithPasskey(form, status) {
  const csrf = form.querySelector('input[name="csrf"]').value;
  const opts = await postForm("/signin/passkey/options", { csrf });
  const cred = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(opts.publicKey) });
  const done = await postForm("/signin/passkey", { csrf, credential: JSON.stringify(cred.toJSON()) });
  window.location.assign(done.redirect);
}

function passkeys() {
  for (const b of document.querySelectorAll("button[data-passkey]")) {
    if (!window.PublicKeyCredential) { b.disabled = true; continue; }
    b.addEventListener("click", async () => {
      const form = b.closest("form");
      const status = form.querySelector(".passkey-status");
      status.textContent = "Waiting for the authenticator…";
      try {
        if (b.dataset.passkey === "register") await registerPasskey(form, status);
        else await signInWithPasskey(form, status);
      } catch (e) {
        status.textContent = e.message;
      }
    });
  }
}
document.addEventListener("DOMContentLoaded", passkeys);
