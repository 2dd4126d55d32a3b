// gongkai web — small progressive enhancements, no dependencies.
(function () {
  "use strict";
  function csrf() {
    var el = document.querySelector('input[name="csrf_token"]');
    return el ? el.value : "";
  }
  // Live findings on the annual report builder (年报编制：实时检查)
  var editor = document.getElementById("report-editor");
  if (editor) {
    var target = document.getElementById("live-findings");
    var timer = null;
    var refresh = function () {
      var data = new FormData(editor);
      fetch(editor.getAttribute("data-findings-url"), {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf() }
      }).then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) { if (html !== null && target) { target.innerHTML = html; } })
        .catch(function () {});
    };
    var dirty = false;
    var unsaved = document.getElementById("unsaved-note");
    editor.addEventListener("input", function () {
      dirty = true;
      if (unsaved) { unsaved.hidden = false; }
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(refresh, 600);
    });
    editor.addEventListener("submit", function (ev) {
      if (!(ev.submitter && ev.submitter.hasAttribute("data-download"))) { dirty = false; }
    });
    // unsaved changes: ask before leaving the page (未保存提醒)
    window.addEventListener("beforeunload", function (ev) {
      if (dirty) { ev.preventDefault(); ev.returnValue = ""; }
    });
  }
  // Answer form: show which Table 3 row the chosen outcome is counted in (答复计入表三哪一行)
  var outcome = document.getElementById("answer-outcome");
  if (outcome) {
    var show = document.getElementById("answer-row");
    var update = function () {
      var opt = outcome.options[outcome.selectedIndex];
      if (show) { show.textContent = opt ? (opt.getAttribute("data-row") || "") : ""; }
      var cell = opt ? opt.getAttribute("data-field") : null;
      document.querySelectorAll("td.cell-target").forEach(function (td) { td.classList.remove("cell-target"); });
      if (cell) {
        var td = document.querySelector('td[data-field="' + cell + '"]');
        if (td) { td.classList.add("cell-target"); }
      }
    };
    outcome.addEventListener("change", update);
    update();
  }
  // Long operations (生成 PDF、上传检查、汇总): show progress, stop double submits
  var busy = function (el, text) {
    var note = document.createElement("span");
    note.className = "busy-note";
    note.setAttribute("role", "status");
    note.textContent = text || "正在处理，请稍候…";
    el.insertAdjacentElement("afterend", note);
    return note;
  };
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (ev.defaultPrevented) { return; }
      if (form.getAttribute("data-busy-done")) { ev.preventDefault(); return; }
      var download = form.hasAttribute("data-download") || (ev.submitter && ev.submitter.hasAttribute("data-download"));
      var buttons = form.querySelectorAll("button[type=submit], button:not([type])");
      var pressed = ev.submitter || buttons[0];
      form.setAttribute("data-busy-done", "1");
      form.setAttribute("aria-busy", "true");
      buttons.forEach(function (b) { b.disabled = true; });
      if (ev.submitter && ev.submitter.name) {  // a disabled button is not sent: keep its value
        var keep = document.createElement("input");
        keep.type = "hidden"; keep.name = ev.submitter.name; keep.value = ev.submitter.value;
        form.appendChild(keep);
      }
      var note = pressed ? busy(pressed, (pressed.getAttribute("data-busy") || form.getAttribute("data-busy"))) : null;
      // a download keeps the page: give the buttons back after a while
      setTimeout(function () {
        buttons.forEach(function (b) { b.disabled = false; });
        form.removeAttribute("data-busy-done"); form.removeAttribute("aria-busy");
        if (note) { note.remove(); }
      }, download ? 8000 : 60000);
    });
  });
  document.querySelectorAll("a[data-busy]").forEach(function (a) {
    a.addEventListener("click", function () {
      if (a.getAttribute("aria-disabled") === "true") { return; }
      a.setAttribute("aria-disabled", "true");
      var note = busy(a, a.getAttribute("data-busy"));
      setTimeout(function () { a.removeAttribute("aria-disabled"); note.remove(); }, 6000);
    });
  });
  window.addEventListener("pageshow", function () {  // back button: forms usable again
    document.querySelectorAll("form[data-busy-done]").forEach(function (f) {
      f.removeAttribute("data-busy-done");
      f.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
    });
  });
  // Checker: a finding points at its cells in the tables below it (定位单元格)
  document.querySelectorAll("button.locate").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var section = btn.closest(".checked-file") || document;
      section.querySelectorAll("td.cell-target").forEach(function (td) { td.classList.remove("cell-target"); });
      var first = null;
      btn.getAttribute("data-fields").split(" ").forEach(function (f) {
        var td = section.querySelector('td[data-field="' + f + '"]');
        if (td) { td.classList.add("cell-target"); first = first || td; }
      });
      if (first) { first.scrollIntoView({ behavior: "smooth", block: "center" }); }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
  // Confirm dangerous buttons
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
})();
