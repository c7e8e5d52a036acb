// Client-side search over the static index (assets/search-index.js, same data as search-index.json).
// Every result is built with textContent, so nothing from the texts is ever parsed as HTML.
(function () {
  "use strict";
  var index = window.TT_SEARCH_INDEX;
  var form = document.querySelector("form.search");
  var input = document.getElementById("tt-q");
  var status = document.getElementById("tt-search-status");
  var list = document.getElementById("tt-search-results");
  var LIMIT = 100;
  if (!index || !form) { return; }

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();
  }
  var blocks = index.blocks.map(function (b) { return { b: b, f: fold(b.t) }; });
  var entities = index.entities.map(function (e) { return { e: e, f: fold(e.names.join(" | ")) }; });
  var documents = index.documents.map(function (d) { return { d: d, f: fold(d.title + " | " + d.author + " | " + d.date) }; });

  function snippet(text, term) {
    var at = fold(text).indexOf(term);
    var start = Math.max(0, at - 60), end = Math.min(text.length, at + term.length + 60);
    if (start > 0 && text.indexOf(" ", start) !== -1 && text.indexOf(" ", start) < at) { start = text.indexOf(" ", start) + 1; }
    if (end < text.length && text.lastIndexOf(" ", end) > at + term.length) { end = text.lastIndexOf(" ", end); }
    var frag = document.createDocumentFragment();
    frag.appendChild(document.createTextNode((start > 0 ? "… " : "") + text.slice(start, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + term.length);
    frag.appendChild(mark);
    frag.appendChild(document.createTextNode(text.slice(at + term.length, end) + (end < text.length ? " …" : "")));
    return frag;
  }

  function item(href, title, where, body) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = href;
    a.textContent = title;
    li.appendChild(a);
    var span = document.createElement("span");
    span.className = "where";
    span.textContent = " · " + where;
    li.appendChild(span);
    if (body) {
      var p = document.createElement("p");
      p.appendChild(body);
      li.appendChild(p);
    }
    return li;
  }

  function run(query) {
    list.textContent = "";
    var terms = fold(query).split(/\s+/).filter(Boolean);
    if (!terms.length) { status.textContent = ""; return; }
    function all(f) { return terms.every(function (t) { return f.indexOf(t) !== -1; }); }
    var hitsD = documents.filter(function (x) { return all(x.f); });
    var hitsE = entities.filter(function (x) { return all(x.f); });
    var hitsB = blocks.filter(function (x) { return all(x.f); });
    hitsD.slice(0, LIMIT).forEach(function (x) {
      list.appendChild(item(x.d.href, x.d.title, [x.d.author, x.d.date].filter(Boolean).join(", ") || "document"));
    });
    hitsE.slice(0, LIMIT).forEach(function (x) {
      list.appendChild(item(x.e.href, x.e.label, x.e.kind + ", " + x.e.mentions + " mention" + (x.e.mentions === 1 ? "" : "s")));
    });
    hitsB.slice(0, LIMIT).forEach(function (x) {
      var doc = index.documents[x.b.d];
      list.appendChild(item(doc.href + "#" + x.b.a, doc.title, x.b.n, snippet(x.b.t, terms[0])));
    });
    status.textContent = hitsD.length + " document" + (hitsD.length === 1 ? "" : "s") + ", " +
      hitsE.length + " register entr" + (hitsE.length === 1 ? "y" : "ies") + ", " +
      hitsB.length + " passage" + (hitsB.length === 1 ? "" : "s") + " for “" + query + "”";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
})();
