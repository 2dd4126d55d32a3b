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
    editor.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(refresh, 600);
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
  // Confirm dangerous buttons
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
})();
