/* Notifications on every page: the header count (polled) and the composer @mention list. */
/* @mention autocomplete for every composer (textarea name="body"), as an ARIA combobox.
 *
 * Typing "@" and letters asks the server (htmx) for matching members, people in this
 * discussion and group first. Arrow keys move through the list, Enter or Tab picks, Escape
 * closes; the textarea keeps focus and points at the active option with
 * aria-activedescendant, and a polite live region says how many members matched, so a
 * screen reader user hears the list without leaving the text.
 */
(function () {
  "use strict";
  var TOKEN = /(^|[^\w@/.])@([A-Za-z0-9_.-]{0,30})$/;
  var counter = 0;

  function context(textarea) {
    var form = textarea.form;
    var action = form ? form.getAttribute("action") || window.location.pathname : "";
    var params = {};
    var discussion = action.match(/\/discussions\/(\d+)\//) || window.location.pathname.match(/\/discussions\/(\d+)\//);
    var group = action.match(/\/groups\/([^/]+)\/new\//);
    if (discussion) params.discussion = discussion[1];
    if (group) params.group = group[1];
    return params;
  }

  function enhance(textarea) {
    if (textarea.dataset.mentions === "on" || textarea.dataset.mentions === "off") return;
    textarea.dataset.mentions = "on";
    counter += 1;
    var id = "mention-list-" + counter;
    var listbox = document.createElement("ul");
    listbox.id = id;
    listbox.className = "mention-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Members to mention");
    listbox.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    textarea.insertAdjacentElement("afterend", status);
    textarea.insertAdjacentElement("afterend", listbox);
    // The composer is a plain labelled textbox until a list of members is open; only then
    // is it a combobox (role, aria-expanded, aria-controls), so tools and people that find
    // it as "textbox" keep finding it, and no combobox attribute sits on a plain textbox.
    textarea.setAttribute("aria-autocomplete", "list");

    var active = -1;
    var timer = null;
    var requested = "";

    function options() {
      return Array.prototype.slice.call(listbox.querySelectorAll('[role="option"]:not([aria-disabled="true"])'));
    }
    function close() {
      listbox.hidden = true;
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
      textarea.removeAttribute("aria-expanded");
      textarea.removeAttribute("aria-controls");
      textarea.removeAttribute("aria-haspopup");
      textarea.removeAttribute("role");
    }
    function open() {
      listbox.hidden = false;
      textarea.setAttribute("role", "combobox");
      textarea.setAttribute("aria-haspopup", "listbox");
      textarea.setAttribute("aria-controls", id);
      textarea.setAttribute("aria-expanded", "true");
    }
    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      textarea.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }
    function token() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = before.match(TOKEN);
      return match ? { query: match[2], start: before.length - match[2].length - 1 } : null;
    }
    function choose(option) {
      var found = token();
      if (!found || !option) return;
      var name = option.getAttribute("data-username");
      var end = textarea.selectionStart;
      var insert = "@" + name + " ";
      textarea.value = textarea.value.slice(0, found.start) + insert + textarea.value.slice(end);
      var caret = found.start + insert.length;
      textarea.setSelectionRange(caret, caret);
      close();
      status.textContent = "Mentioned " + name + ".";
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    function lookup() {
      var found = token();
      if (!found) { close(); return; }
      requested = found.query;
      var values = context(textarea);
      values.q = found.query;
      values.listbox = id;
      var query = Object.keys(values).map(function (k) {
        return encodeURIComponent(k) + "=" + encodeURIComponent(values[k]);
      }).join("&");
      window.htmx.ajax("GET", "/notifications/mentions/?" + query, { target: listbox, swap: "innerHTML" }).then(function () {
        var current = token();
        if (!current || current.query !== requested) return;
        var count = options().length;
        open();
        active = -1;
        textarea.removeAttribute("aria-activedescendant");
        status.textContent = count
          ? count + (count === 1 ? " member matches" : " members match") + ". Use the up and down arrows, then Enter."
          : "No member with that name.";
      });
    }

    textarea.addEventListener("input", function (event) {
      if (event.isTrusted === false && !listbox.hidden) return;
      window.clearTimeout(timer);
      if (!window.htmx || !token()) { close(); return; }
      timer = window.setTimeout(lookup, 150);
    });
    textarea.addEventListener("keydown", function (event) {
      if (listbox.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { event.preventDefault(); close(); }
      else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(options()[active]);
      }
    });
    textarea.addEventListener("blur", function () { window.setTimeout(close, 150); });
    listbox.addEventListener("mousedown", function (event) {
      var option = event.target.closest('[role="option"]:not([aria-disabled="true"])');
      if (option) { event.preventDefault(); choose(option); }
    });
  }

  function scan(root) {
    (root || document).querySelectorAll('textarea[name="body"]').forEach(enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();

/* The header's unread count. Fetched once the page has loaded and then every few seconds
 * (data-poll-seconds, 30 on a real site) from a tiny endpoint, so no page pays a query for it.
 * `keepalive` lets a poll that is in flight when the member follows a link finish quietly
 * instead of being cut off, and a hidden tab does not poll at all.
 */
(function () {
  "use strict";
  function start() {
    var badge = document.getElementById("notification-count");
    if (!badge || !window.fetch) return;
    var url = badge.getAttribute("data-poll-url");
    var seconds = Math.max(1, parseInt(badge.getAttribute("data-poll-seconds"), 10) || 30);
    function refresh() {
      if (document.visibilityState === "hidden") return;
      window.fetch(url, { credentials: "same-origin", keepalive: true, headers: { "HX-Request": "true" } })
        .then(function (response) { return response.status === 200 ? response.text() : ""; })
        .then(function (html) { if (badge.innerHTML.trim() !== html.trim()) badge.innerHTML = html; })
        .catch(function () { /* Offline for a moment: the next poll tries again. */ });
    }
    // After the page's own load, so the first count never competes with the page itself.
    refresh();
    window.setInterval(refresh, seconds * 1000);
    document.addEventListener("visibilitychange", refresh);
  }
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
