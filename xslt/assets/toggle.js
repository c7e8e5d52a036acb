// Show or hide the highlighting of machine suggestions; the choice is remembered.
(function () {
  "use strict";
  var KEY = "tei-toolkit:suggestions";
  var body = document.body;
  var box = document.getElementById("tt-suggestions");
  function apply(show) {
    body.classList.toggle("hide-suggestions", !show);
    body.classList.toggle("show-suggestions", show);
    document.querySelectorAll("a.entity.suggestion").forEach(function (link) {
      if (show) { link.removeAttribute("tabindex"); } else { link.setAttribute("tabindex", "-1"); }
    });
    if (box) { box.checked = show; }
  }
  var stored = null;
  try { stored = window.localStorage.getItem(KEY); } catch (e) { stored = null; }
  if (stored === "shown" || stored === "hidden") { apply(stored === "shown"); }
  if (box) {
    box.addEventListener("change", function () {
      apply(box.checked);
      try { window.localStorage.setItem(KEY, box.checked ? "shown" : "hidden"); } catch (e) { /* private mode */ }
    });
  }
})();
