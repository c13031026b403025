// The secretary's page on the day. Every form posts at once through htmx and the
// server answers with the whole live part (#day-live). What is typed into a
// form marked data-keep, and the form's one-time key, is kept in localStorage
// until the server has accepted it: after a dropped connection or a reload the
// text comes back, and sending it again with the same key records it only once.
(function () {
  const root = document.getElementById("day-root");
  if (!root) return;
  const prefix = "day:" + root.dataset.conference + ":";
  const offline = document.getElementById("day-offline");
  let lastForm = null; // the last form sent, for the cursor
  // Each request's own form: another request of the page (the bell) may answer in between.
  const sentForms = new WeakMap();

  function fields(form) {
    return Array.from(form.elements).filter(function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "submit";
    });
  }

  function save(form) {
    const data = {};
    fields(form).forEach(function (el) { data[el.name] = el.value; });
    try { localStorage.setItem(prefix + form.id, JSON.stringify(data)); } catch (e) { /* storage full or disabled */ }
  }

  function forget(id) {
    try { localStorage.removeItem(prefix + id); } catch (e) { /* ignore */ }
  }

  function restore() {
    root.querySelectorAll("form[data-keep]").forEach(function (form) {
      let data = null;
      try { data = JSON.parse(localStorage.getItem(prefix + form.id) || "null"); } catch (e) { data = null; }
      if (!data) return;
      let typed = false;
      fields(form).forEach(function (el) {
        if (Object.prototype.hasOwnProperty.call(data, el.name)) {
          el.value = data[el.name];
          if (el.type !== "hidden" && data[el.name]) typed = true;
        }
      });
      // Reopen a folded form that holds unsent text.
      const details = form.closest("details");
      if (details && typed) details.open = true;
    });
  }

  function sortable() {
    const list = document.getElementById("speeches");
    const order = document.getElementById("form-order");
    if (!list || !order || typeof Sortable === "undefined") return;
    Sortable.create(list, {
      handle: ".drag-handle",
      animation: 150,
      onEnd: function () {
        order.querySelectorAll("input[name=speech]").forEach(function (el) { el.remove(); });
        list.querySelectorAll("[data-speech]").forEach(function (li) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = "speech";
          input.value = li.dataset.speech;
          order.appendChild(input);
        });
        htmx.trigger(order, "reorder");
      },
    });
  }

  // Keep every keystroke (and the key the form carries) until the server accepts it.
  root.addEventListener("input", function (event) {
    const form = event.target.closest("form[data-keep]");
    if (form) save(form);
  });
  root.addEventListener("change", function (event) {
    const form = event.target.closest("form[data-keep]");
    if (form) save(form);
  });

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    const form = event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (!form) return;
    lastForm = { id: form.id, refocus: form.dataset.refocus || "" };
    if (event.detail.xhr) sentForms.set(event.detail.xhr, lastForm);
    if (form.hasAttribute("data-keep")) {
      save(form);
      // The answer replaces this form with a fresh one (and a new key): nothing may
      // be typed into it meanwhile, or it would be lost or sent under the old key.
      setReadOnly(form, true);
    }
  });

  function setReadOnly(form, on) {
    form.querySelectorAll("input:not([type=hidden]), textarea").forEach(function (el) { el.readOnly = on; });
  }

  document.body.addEventListener("htmx:afterRequest", function (event) {
    const xhr = event.detail.xhr;
    const sent = event.detail.elt.closest ? event.detail.elt.closest("form[data-keep]") : null;
    if (sent && sent.isConnected) setReadOnly(sent, false);  // not replaced: the user may correct and resend
    if (!event.detail.successful || !xhr) return;
    offline.classList.add("d-none");
    const failed = (xhr.getResponseHeader("HX-Trigger") || "").indexOf("day-error") !== -1;
    const sentForm = sentForms.get(xhr);
    if (!failed && sentForm && sentForm.id) forget(sentForm.id);
  });

  document.body.addEventListener("htmx:sendError", function () {
    offline.classList.remove("d-none");
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id !== "day-live") return;
    restore();
    sortable();
    // Return the cursor only if the swap took it away; never pull it out of a field the user is in.
    const active = document.activeElement;
    const focusLost = !active || active === document.body;
    if (focusLost && lastForm && lastForm.refocus) {
      const el = document.querySelector(lastForm.refocus);
      if (el) el.focus();
    }
  });

  restore();
  sortable();
})();
