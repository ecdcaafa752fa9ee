// Keeps unsent text in the browser so a reload or a lost connection never loses a reply.
(function () {
  "use strict";
  function storageKey(form) { return "carecommons-draft:" + form.dataset.draftKey; }
  function fields(form) { return form.querySelectorAll("textarea, input[type=text]"); }

  function restore(form) {
    var saved;
    try { saved = JSON.parse(localStorage.getItem(storageKey(form)) || "null"); } catch (e) { saved = null; }
    if (!saved) { return; }
    var restored = false;
    fields(form).forEach(function (field) {
      if (!field.value && saved[field.name]) { field.value = saved[field.name]; restored = true; }
    });
    var status = form.querySelector("[data-draft-status]");
    if (restored && status) { status.textContent = "We restored the draft you had not sent yet."; }
  }

  function save(form) {
    var data = {};
    var any = false;
    fields(form).forEach(function (field) { if (field.value) { data[field.name] = field.value; any = true; } });
    if (any) { localStorage.setItem(storageKey(form), JSON.stringify(data)); }
    else { localStorage.removeItem(storageKey(form)); }
  }

  function forgetSentDraft() {
    // The form that was just submitted: forget its draft once the server confirmed success.
    var pending = sessionStorage.getItem("carecommons-pending-draft");
    if (!pending) { return; }
    sessionStorage.removeItem("carecommons-pending-draft");
    if (document.querySelector(".message-success") && !document.querySelector(".form-errors")) {
      localStorage.removeItem("carecommons-draft:" + pending);
    }
  }

  function init() {
    forgetSentDraft();
    document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
      restore(form);
      var timer = null;
      form.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { save(form); }, 400);
      });
      form.addEventListener("submit", function () {
        save(form);
        sessionStorage.setItem("carecommons-pending-draft", form.dataset.draftKey);
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
