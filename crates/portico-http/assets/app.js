// Portico: the little JavaScript the staff UI needs. Everything works without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  // ---- Command palette: Ctrl/⌘-K, or the search box, opens it; results arrive as you type.
  var palette = null, paletteTimer = null, paletteSeq = 0;
  function openPalette(text) {
    palette = palette || $("#palette");
    if (!palette) return false;
    var input = $("input", palette);
    if (!palette.open) palette.showModal();
    input.value = text || input.value || "";
    input.focus();
    input.select();
    refreshPalette();
    return true;
  }
  function options() { return $$("[role=option]", palette); }
  function choose(i) {
    var all = options();
    all.forEach(function (o, j) { o.setAttribute("aria-selected", j === i ? "true" : "false"); });
    if (all[i]) {
      all[i].scrollIntoView({ block: "nearest" });
      $("input", palette).setAttribute("aria-activedescendant", all[i].id);
    }
  }
  function refreshPalette() {
    var input = $("input", palette);
    clearTimeout(paletteTimer);
    paletteTimer = setTimeout(function () {
      var seq = ++paletteSeq;
      fetch("/search/palette?q=" + encodeURIComponent(input.value), { headers: { "HX-Request": "true" } })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (seq !== paletteSeq) return;
          $("#palette-results").innerHTML = html;
          choose(0);
        });
    }, 120);
  }
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
      if (openPalette()) e.preventDefault();
    }
  });
  document.addEventListener("focusin", function (e) {
    if (e.target.id === "global-search" && openPalette(e.target.value)) e.target.blur();
  });
  document.addEventListener("input", function (e) {
    if (palette && e.target === $("input", palette)) refreshPalette();
  });
  document.addEventListener("keydown", function (e) {
    if (!palette || !palette.open || e.target !== $("input", palette)) return;
    var all = options();
    var at = all.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    if (e.key === "ArrowDown") { e.preventDefault(); choose(Math.min(at + 1, all.length - 1)); }
    else if (e.key === "ArrowUp") { e.preventDefault(); choose(Math.max(at - 1, 0)); }
    else if (e.key === "Enter" && all[at]) { e.preventDefault(); window.location.href = all[at].getAttribute("href"); }
  });
  document.addEventListener("click", function (e) {
    if (palette && e.target === palette) palette.close();
  });

  // Submit `form` as if `submitter` was pressed. A boosted submit started from script does
  // not send the submitter's name and value, so they go as a field for this one submit.
  function submitAs(form, submitter) {
    var field = null;
    if (submitter && submitter.name) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = submitter.name;
      field.value = submitter.value;
      form.appendChild(field);
    }
    form.requestSubmit();
    if (field) setTimeout(function () { field.remove(); }, 0);
  }

  // ---- Confirmations: a dialog before anything destructive or far-reaching.
  var confirmed = false;
  document.addEventListener("submit", function (e) {
    var form = e.target, submitter = e.submitter;
    var option = form.querySelector && form.querySelector("option:checked[data-confirm]");
    var msg = (submitter && submitter.getAttribute("data-confirm")) || (option && option.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (!msg || confirmed) { confirmed = false; return; }
    var dialog = $("#confirm");
    e.preventDefault();
    e.stopImmediatePropagation();
    if (!dialog) { if (window.confirm(msg)) { confirmed = true; submitAs(form, submitter); } return; }
    $(".message", dialog).textContent = msg;
    var ok = $("button[value=yes]", dialog);
    ok.textContent = (submitter && submitter.getAttribute("data-confirm-label")) || ok.getAttribute("data-default");
    dialog.returnValue = "";
    dialog.showModal();
    $("button[value=no]", dialog).focus();
    dialog.addEventListener("close", function done() {
      dialog.removeEventListener("close", done);
      if (dialog.returnValue === "yes") { confirmed = true; submitAs(form, submitter); }
    });
  }, true);

  // ---- Lists: filters apply on change, chosen columns are remembered, rows can be selected.
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.matches("select[data-autosubmit]")) t.form.requestSubmit();
    // A builder redrawn by the server: its refresh button, then back to the row changed.
    if (t.matches("[data-refresh]")) {
      var again = $("[data-refresh-button]", t.form);
      if (again) {
        t.form.action = t.form.getAttribute("action").split("#")[0] + "#" + t.getAttribute("data-refresh");
        // Without the refresh button's step the form would be saved instead of redrawn.
        submitAs(t.form, again);
      }
    }
    if (t.matches("[data-select-all]")) {
      $$("input[name=id][form='" + t.getAttribute("data-select-all") + "']").forEach(function (b) { b.checked = t.checked; });
    }
    if (t.matches("input[name=id][form], [data-select-all]")) updateBulk(t.getAttribute("form") || t.getAttribute("data-select-all"));
  });
  function updateBulk(id) {
    var bar = document.getElementById(id);
    if (!bar) return;
    var n = $$("input[name=id][form='" + id + "']:checked").length;
    bar.hidden = n === 0;
    var count = $(".count", bar);
    count.textContent = count.getAttribute("data-selected").replace("%n", n);
  }
  document.addEventListener("submit", function (e) {
    var form = e.target, list = form.getAttribute("data-columns");
    if (!list) return;
    var cols = $$("input[name=col]:checked", form).map(function (b) { return b.value; }).join(",");
    $("input[name=cols]", form).value = cols;
    $$("input[name=col]", form).forEach(function (b) { b.disabled = true; });
    document.cookie = "cols_" + list + "=" + encodeURIComponent(cols) + "; path=/; max-age=31536000; SameSite=Lax";
  });

  // ---- Forms: the first wrong field gets the focus; toasts fade out.
  function focusInvalid() {
    var bad = $("[aria-invalid=true]");
    if (bad) bad.focus();
  }
  function hideToasts() {
    $$("#toast .toast").forEach(function (t) { setTimeout(function () { t.remove(); }, 6000); });
  }
  // ---- Rows that scroll sideways on a phone (the nav, the settings tabs) show where you are.
  function revealCurrent() {
    $$(".nav [aria-current=page], .tabs [aria-current=page]").forEach(function (a) {
      var row = a.parentElement;
      while (row && row.scrollWidth <= row.clientWidth) row = row.parentElement;
      if (!row || row === document.body || row === document.documentElement) return;
      var left = a.getBoundingClientRect().left - row.getBoundingClientRect().left + row.scrollLeft;
      row.scrollLeft = left - (row.clientWidth - a.offsetWidth) / 2;
    });
  }
  // ---- "New …" at the top of a list leads to its form, ready to type in.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest('a[href="#new"]');
    if (!a) return;
    window.setTimeout(function () {
      var first = $("#new input:not([type=hidden]), #new select, #new textarea");
      if (first) first.focus();
    }, 0);
  });

  // ---- A file picker names the file chosen.
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input.matches || !input.matches(".file-pick input[type=file]")) return;
    var shown = input.parentElement.querySelector(".file-name");
    if (!shown.dataset.none) shown.dataset.none = shown.textContent;
    shown.textContent = input.files.length ? Array.prototype.map.call(input.files, function (f) { return f.name; }).join(", ") : shown.dataset.none;
  });

  // ---- A notice is said once: reloading the page does not say it again.
  function forgetNotice() {
    var u = new URL(window.location.href), had = false;
    ["notice", "error", "field"].forEach(function (k) { if (u.searchParams.has(k)) { u.searchParams.delete(k); had = true; } });
    if (had) window.history.replaceState(window.history.state, "", u.pathname + u.search + u.hash);
  }
  // Rich text: an editor (pell, vendored) over a textarea that keeps the HTML the form sends;
  // without JavaScript the textarea itself is the editor. The server sanitizes what comes.
  function icon(name) {
    return '<svg class="icon" aria-hidden="true"><use href="/assets/icons.svg#i-' + name + '"></use></svg>';
  }
  function richText() {
    if (!window.pell) return;
    $$("[data-rich]").forEach(function (holder) {
      if (holder.dataset.ready) return;
      holder.dataset.ready = "1";
      var area = document.getElementById(holder.dataset.rich);
      var l = JSON.parse(holder.dataset.labels || "{}");
      var editor = window.pell.init({
        element: holder,
        defaultParagraphSeparator: "p",
        onChange: function (html) { area.value = html; },
        actions: [
          { name: "bold", icon: icon("bold"), title: l.bold }, { name: "italic", icon: icon("italic"), title: l.italic },
          { name: "heading2", icon: icon("heading-2"), title: l.heading }, { name: "ulist", icon: icon("list"), title: l.ulist },
          { name: "olist", icon: icon("list-ordered"), title: l.olist }, { name: "quote", icon: icon("quote"), title: l.quote },
          { name: "link", icon: icon("link"), title: l.link, result: function () {
            var url = window.prompt(l.linkPrompt || "URL");
            if (url) document.execCommand("createLink", false, url);
          } }
        ],
        classes: { actionbar: "rich-bar", button: "rich-button", content: "rich-content", selected: "rich-on" }
      });
      editor.content.innerHTML = area.value;
      editor.content.setAttribute("role", "textbox");
      editor.content.setAttribute("aria-multiline", "true");
      editor.content.setAttribute("aria-labelledby", area.id + "-label");
      if (area.getAttribute("aria-invalid") === "true") editor.content.setAttribute("aria-invalid", "true");
      area.hidden = true;
    });
  }
  // A placeholder button puts `{{ … }}` where the writer is.
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-insert]");
    if (!b) return;
    var area = document.getElementById(b.dataset.target);
    var rich = area && $(".rich-content", area.parentNode);
    if (rich && area.hidden) {
      rich.focus();
      document.execCommand("insertText", false, b.dataset.insert);
    } else if (area) {
      var at = area.selectionStart || area.value.length;
      area.value = area.value.slice(0, at) + b.dataset.insert + area.value.slice(area.selectionEnd || at);
      area.focus();
    }
  });
  // ---- Live: who else is on this record, the progress of a task, the bell. One stream per
  // page that has something live; the server checks each topic like the record itself.
  var live = null;
  function startLive() {
    var watch = [];
    $$("[data-presence]").forEach(function (el) { watch.push("presence:" + el.dataset.presence); });
    $$("[data-task]").forEach(function (el) { watch.push("task:" + el.dataset.task); });
    var url = "/live?" + watch.map(function (w) { return "watch=" + encodeURIComponent(w); }).join("&");
    if (live && live.url.indexOf(url) >= 0) return;
    if (live) { live.close(); live = null; }
    if (!watch.length || !window.EventSource) return;
    live = new EventSource(url);
    var me = document.body.dataset.me;
    live.addEventListener("presence", function (e) {
      var m = JSON.parse(e.data);
      $$("[data-presence]").forEach(function (el) {
        if ("presence:" + el.dataset.presence !== m.topic) return;
        var others = (m.data || []).filter(function (p) { return p.id !== me; });
        el.hidden = !others.length;
        el.textContent = "";
        var lead = document.createElement("span");
        lead.textContent = el.dataset.label;
        el.appendChild(lead);
        others.forEach(function (p) {
          var who = document.createElement("span");
          who.className = "who" + (p.typing ? " typing" : "");
          who.textContent = p.typing && el.dataset.typingLabel ? p.name + " " + el.dataset.typingLabel : p.name;
          el.appendChild(who);
          // Typing lasts a few seconds after the last key unless the server says it again.
          if (p.typing) setTimeout(function () { who.className = "who"; who.textContent = p.name; }, 8000);
        });
      });
    });
    live.addEventListener("task", function (e) {
      var m = JSON.parse(e.data), id = m.topic.replace("task:", ""), d = m.data || {};
      $$("[data-task='" + id + "']").forEach(function (el) {
        if (d.status === "done" || d.status === "failed") { window.location.reload(); return; }
        var pct = d.total > 0 ? Math.floor(100 * d.done / d.total) : 0;
        var bar = el.querySelector("progress"), text = el.querySelector("[data-percent]");
        if (bar) bar.value = pct;
        if (text) text.textContent = pct + " %";
      });
    });
    var bell = function (e) {
      var n = JSON.parse(e.data).data.unread, count = $("[data-unread]");
      if (count && typeof n === "number") { count.textContent = n; count.hidden = n === 0; }
    };
    live.addEventListener("notification", bell);
    live.addEventListener("unread", bell);
  }
  // Typing in a field marked data-typing tells the others on the record, every few seconds
  // while keys are pressed.
  var typingSaid = 0;
  document.addEventListener("input", function (e) {
    var field = e.target.closest && e.target.closest("[data-typing]");
    var here = $("[data-presence]");
    if (!field || !here || !field.form || Date.now() - typingSaid < 4000) return;
    typingSaid = Date.now();
    var csrf = $("[name=_csrf]", field.form);
    fetch("/live/typing?watch=" + encodeURIComponent("presence:" + here.dataset.presence),
      { method: "POST", headers: { "X-CSRF-Token": csrf ? csrf.value : "" } });
  });
  document.addEventListener("DOMContentLoaded", function () { focusInvalid(); hideToasts(); revealCurrent(); forgetNotice(); richText(); startLive(); freeTimes(); });
  document.addEventListener("htmx:afterSettle", function () { focusInvalid(); hideToasts(); richText(); startLive(); freeTimes(); });

  // ---- Boards: a card moves to another column by drag and drop, or with the arrow keys
  // when it has the focus; Enter opens it. Each move posts the card's own Move form, which
  // works without JavaScript too.
  function moveCard(card, col) {
    var from = card.closest("[data-stage]");
    if (!col || col === from) return;
    var form = $("form.kmove", card);
    if (!form) return;
    var data = new FormData(form);
    data.set("stage_id", col.getAttribute("data-stage"));
    $("ol", col).appendChild(card);
    $("select", form).value = col.getAttribute("data-stage");
    [from, col].forEach(function (c) { $("[data-count]", c).textContent = $$(".kcard", c).length; });
    card.setAttribute("aria-label", card.getAttribute("aria-label").replace(/, [^,]*$/, ", " + $("h2 span", col).textContent));
    card.focus();
    fetch(form.action, { method: "POST", body: new URLSearchParams(data), headers: { "X-CSRF-Token": data.get("_csrf") } })
      .then(function (r) { if (!r.ok) location.reload(); }, function () { location.reload(); });
  }
  document.addEventListener("keydown", function (e) {
    var card = e.target.closest && e.target.closest(".kcard");
    if (!card || e.target !== card || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Enter") { $("a", card).click(); return; }
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    if (!$("form.kmove", card)) return;
    e.preventDefault();
    var cols = $$("[data-stage]", card.closest("[data-board]")), i = cols.indexOf(card.closest("[data-stage]"));
    moveCard(card, cols[i + (e.key === "ArrowRight" ? 1 : -1)]);
  });
  // j / k follow a page's next and previous links (a candidate to the next); a letter an
  // element names (`data-key="r"`: a ticket's reply) puts the focus there; never while typing.
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || !/^[a-z]$/.test(e.key)) return;
    var t = e.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable], dialog")) return;
    var link = e.key === "j" ? $("a[rel=next]") : e.key === "k" ? $("a[rel=prev]") : null;
    var field = $('[data-key="' + e.key + '"]');
    if (link) { e.preventDefault(); link.click(); }
    else if (field) { e.preventDefault(); field.focus(); }
  });
  var dragged = null;
  document.addEventListener("dragstart", function (e) {
    dragged = e.target.closest && e.target.closest(".kcard[draggable=true]");
    if (dragged) { dragged.classList.add("dragging"); e.dataTransfer.effectAllowed = "move"; e.dataTransfer.setData("text/plain", dragged.getAttribute("data-card")); }
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    $$(".board-col.drop").forEach(function (c) { c.classList.remove("drop"); });
  });
  document.addEventListener("dragover", function (e) {
    var col = dragged && e.target.closest && e.target.closest("[data-stage]");
    if (!col) return;
    e.preventDefault();
    $$(".board-col.drop").forEach(function (c) { if (c !== col) c.classList.remove("drop"); });
    col.classList.add("drop");
  });
  document.addEventListener("drop", function (e) {
    var col = dragged && e.target.closest && e.target.closest("[data-stage]");
    if (!col) return;
    e.preventDefault();
    col.classList.remove("drop");
    moveCard(dragged, col);
  });

  // ---- Interviews: times free for every interviewer checked, for the length chosen, fill in
  // the planning form's times.
  function freeTimes() { $$("[data-free-times]").forEach(function (b) { b.hidden = false; }); }
  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-free-times]");
    if (!button) return;
    var form = button.closest("form"), said = button.nextElementSibling;
    var who = $$("input[name=interviewers]:checked", form).map(function (i) { return i.value; });
    var q = new URLSearchParams({ interviewers: who.join(","), duration_minutes: form.elements.duration_minutes.value,
      time_zone: form.elements.time_zone.value });
    fetch(button.getAttribute("data-free-times") + "?" + q, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (found) {
        $$("input[name=slot]", form).forEach(function (input, i) { input.value = found.items[i] ? found.items[i].local : ""; });
        said.textContent = button.getAttribute(found.items.length ? "data-found" : "data-none");
      });
  });

  // ---- Copy buttons for secrets and links.
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-copy]");
    if (!btn) return;
    var el = document.getElementById(btn.getAttribute("data-copy"));
    if (el && navigator.clipboard) { navigator.clipboard.writeText(el.textContent.trim()); btn.textContent = btn.getAttribute("data-copied") || "✓"; }
  });
})();
