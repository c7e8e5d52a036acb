// Map page: highlight a place's row when its marker is focused or hovered, and the other way round.
(function () {
  "use strict";
  function pair(id) {
    return [document.getElementById("map-" + id), document.querySelector('tr[data-id="' + CSS.escape(id) + '"]')];
  }
  function mark(id, on) {
    pair(id).forEach(function (el) { if (el) { el.classList.toggle("active", on); } });
  }
  document.querySelectorAll("svg.map .marker").forEach(function (marker) {
    var id = marker.getAttribute("data-id");
    var link = marker.parentNode;
    ["mouseenter", "focus"].forEach(function (t) { link.addEventListener(t, function () { mark(id, true); }); });
    ["mouseleave", "blur"].forEach(function (t) { link.addEventListener(t, function () { mark(id, false); }); });
  });
  document.querySelectorAll("table.places tr[data-id]").forEach(function (row) {
    var id = row.getAttribute("data-id");
    row.addEventListener("mouseenter", function () { mark(id, true); });
    row.addEventListener("mouseleave", function () { mark(id, false); });
  });
  if (location.hash.indexOf("#map-") === 0) { mark(decodeURIComponent(location.hash.slice(5)), true); }
})();
