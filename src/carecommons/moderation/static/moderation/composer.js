// Composer helpers: insert a saved reply or a link to a related discussion at the cursor.
(function () {
  "use strict";
  function composerFor(button) {
    var section = button.closest(".composer, form, main") || document;
    return section.querySelector("textarea[data-composer=body]") ||
      document.querySelector("textarea[data-composer=body]");
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-insert-text]") : null;
    if (!button) { return; }
    var box = composerFor(button);
    if (!box) { return; }
    event.preventDefault();
    var text = button.getAttribute("data-insert-text");
    var start = box.selectionStart || box.value.length;
    var end = box.selectionEnd || box.value.length;
    var before = box.value.slice(0, start);
    var spacer = before && !/\s$/.test(before) ? " " : "";
    box.value = before + spacer + text + box.value.slice(end);
    var caret = (before + spacer + text).length;
    box.focus();
    box.setSelectionRange(caret, caret);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
