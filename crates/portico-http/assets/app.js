// Portico: the little JavaScript the staff UI needs. Everything works without it.
(function () {
  "use strict";
  // Ctrl/⌘-K focuses the global search (the command palette's entry point).
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
      var box = document.getElementById("global-search");
      if (box) { e.preventDefault(); box.focus(); box.select(); }
    }
  });
  // Toasts fade out after a few seconds; they stay in the live region for screen readers until then.
  function hideToasts() {
    document.querySelectorAll("#toast .toast").forEach(function (t) {
      setTimeout(function () { t.remove(); }, 6000);
    });
  }
  document.addEventListener("DOMContentLoaded", hideToasts);
  document.addEventListener("htmx:afterSettle", hideToasts);
  // Buttons that ask before destroying something.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); e.stopImmediatePropagation(); }
  }, true);
  // Copy buttons for secrets and links.
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-copy]");
    if (!btn) return;
    var el = document.getElementById(btn.getAttribute("data-copy"));
    if (el && navigator.clipboard) { navigator.clipboard.writeText(el.textContent.trim()); btn.textContent = btn.getAttribute("data-copied") || "✓"; }
  });
})();
