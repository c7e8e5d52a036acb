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

  // A tiled map (Leaflet, vendored) when the edition was rendered with --tiles. The SVG map
  // stays until a first tile arrives; if no tile ever loads (offline) the tiled map is removed.
  var holder = document.getElementById("tt-tiles");
  if (!holder || !window.L) { return; }
  var svg = document.querySelector("svg.map");
  var map = window.L.map(holder, { scrollWheelZoom: false });
  var layer = window.L.tileLayer(holder.getAttribute("data-url"), {
    attribution: holder.getAttribute("data-attribution") || "", maxZoom: 18
  });
  var loaded = false;
  layer.on("tileload", function () {
    if (!loaded) { loaded = true; if (svg) { svg.style.display = "none"; } }
  });
  layer.on("tileerror", function () {
    if (!loaded) { map.remove(); holder.parentNode.removeChild(holder); }
  });
  layer.addTo(map);
  var points = [];
  document.querySelectorAll("table.places tr[data-id]").forEach(function (row) {
    var point = [parseFloat(row.getAttribute("data-lat")), parseFloat(row.getAttribute("data-long"))];
    var link = row.querySelector("a");
    points.push(point);
    window.L.circleMarker(point, { radius: 7, color: "#fff", weight: 2, fillColor: "#b91c1c", fillOpacity: 1 })
      .bindTooltip(link.textContent, { permanent: true, direction: "right" })
      .on("click", function () { window.location.href = link.getAttribute("href"); })
      .addTo(map);
  });
  if (points.length === 1) { map.setView(points[0], 6); } else { map.fitBounds(points, { padding: [30, 30] }); }
})();
