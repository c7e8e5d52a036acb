// Register pages: a filter box that shows only the entries whose names contain what is typed.
(function () {
  "use strict";
  var input = document.getElementById("tt-filter");
  if (!input) { return; }
  input.hidden = false;
  input.labels.forEach(function (label) { label.hidden = false; });
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase(); }
  var entries = Array.prototype.map.call(document.querySelectorAll("article.entry"), function (article) {
    var names = article.querySelector("h2").textContent;
    var also = article.querySelector("dd.names");
    return { article: article, link: document.querySelector('nav.az a[href="#' + CSS.escape(article.id) + '"]'),
             text: fold(names + " " + (also ? also.textContent : "")) };
  });
  var status = document.getElementById("tt-filter-status");
  input.addEventListener("input", function () {
    var query = fold(input.value.trim());
    var shown = 0;
    entries.forEach(function (entry) {
      var match = !query || entry.text.indexOf(query) !== -1;
      entry.article.hidden = !match;
      if (entry.link) { entry.link.parentNode.hidden = !match; }
      if (match) { shown += 1; }
    });
    status.textContent = query ? shown + " / " + entries.length : "";
  });
})();
