/* The search page: reads ?q=, searches as you type, renders results, sorts and filters.
   Index files are loaded as <script> elements (works over HTTP and from file://, where
   fetch() is refused). Everything from the index is inserted as text, never as HTML.
   Needs stem-english.js, textnorm.js, search-engine.js and search-rank.js loaded first. */
(function () {
  "use strict";
  var PAGE = 10;
  var DIGITS = { latn: "0123456789", arab: "٠١٢٣٤٥٦٧٨٩", arabext: "۰۱۲۳۴۵۶۷۸۹" };

  var results = document.getElementById("search-results");
  if (!results) return;
  var engine = window.ArchiveSearchEngine, rank = window.ArchiveSearchRank;
  var strings = JSON.parse(document.getElementById("search-i18n").textContent);
  var root = document.documentElement.getAttribute("data-root") || "";
  var $ = function (id) { return document.getElementById(id); };
  var form = document.querySelector('form[role="search"]');
  var input = form && form.querySelector('input[name="q"]');

  // ---- loading index files with script elements ----
  var pending = new Map();
  window.__archiveSearch = {
    load: function (id, payload) {
      var waiting = pending.get(id);
      if (waiting) { pending.delete(id); waiting.resolve(payload); }
    },
  };

  function loadFile(id) {
    return new Promise(function (resolve, reject) {
      pending.set(id, { resolve: resolve, reject: reject });
      var script = document.createElement("script");
      script.src = root + "search/index/" + id + ".js";
      script.addEventListener("load", function () { script.remove(); });
      script.addEventListener("error", function () {
        script.remove();
        pending.delete(id);
        reject(new Error("cannot load search/index/" + id + ".js"));
      });
      document.head.appendChild(script);
    });
  }

  var index = new engine.SearchIndex(loadFile);
  var ready = index.open();

  // ---- formatting ----
  function digits(text) {
    var set = DIGITS[strings.digits] || DIGITS.latn;
    return String(text).replace(/[0-9]/g, function (d) { return set[d]; });
  }
  function format(key, count) { return strings[key].replace("{count}", digits(count)); }
  // "2016-06-08" as the site's pages write a day: "٨ يونيو ٢٠١٦" (the page's months and digits).
  function longDate(iso) {
    var parts = iso.split("-").map(Number);
    var month = strings.months && strings.months[parts[1] - 1];
    return month && parts[2] ? digits(parts[2] + " " + month + " " + parts[0]) : digits(iso);
  }
  function href(url) {
    var target = root + url;
    return location.protocol === "file:" && target.endsWith("/") ? target + "index.html" : target;
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function highlighted(node, text, spans) {
    var at = 0;
    spans.forEach(function (span) {
      node.appendChild(document.createTextNode(text.slice(at, span[0])));
      node.appendChild(el("mark", "", text.slice(span[0], span[1])));
      at = span[1];
    });
    node.appendChild(document.createTextNode(text.slice(at)));
    return node;
  }

  function resultItem(r, parsed) {
    var li = el("li", "search-result");
    var link = highlighted(el("a", "search-result-title"), r.title, rank.highlights(r.title, r.lang, parsed));
    link.href = href(r.url);
    li.appendChild(el("h2")).appendChild(link);
    var meta = li.appendChild(el("p", "search-meta"));
    if (r.date) {
      meta.appendChild(el("time", "", longDate(r.date))).setAttribute("datetime", r.date);
    } else {
      meta.appendChild(el("span", "undated", strings.search_undated));
    }
    var rest = [r.outlet, strings.languages[r.lang] || r.lang].filter(Boolean);
    if (rest.length) meta.appendChild(document.createTextNode(" · " + rest.join(" · ")));
    var snip = rank.snippet(r.text, r.lang, parsed);
    li.appendChild(highlighted(el("p", "search-snippet"), snip.text, snip.spans));
    return li;
  }

  // ---- state: the matches of the current query, then filters, sort and paging ----
  var state = { text: "", parsed: null, matches: [], shown: PAGE, generation: 0, started: 0 };

  // A match's filter values: its group's language and outlet, and its year ("" when undated).
  function groupFacet(number) {
    var group = index.manifest.groups[number];
    return { lang: group[0], outlet: group[1] };
  }

  function yearFacet(year) { return String(year || ""); }

  function facet(m) {
    var group = groupFacet(m.group);
    return { lang: group.lang, outlet: group.outlet, year: yearFacet(index.yearOf(m.doc)) };
  }

  function filtered() {
    var want = { lang: $("search-lang").value, outlet: $("search-outlet").value, year: $("search-year").value };
    var list = !want.lang && !want.outlet && !want.year ? state.matches : state.matches.filter(function (m) {
      var f = facet(m);
      return (!want.lang || f.lang === want.lang) && (!want.outlet || f.outlet === want.outlet) &&
        (!want.year || f.year === want.year);
    });
    if ($("search-sort").value === "date") list = list.slice().sort(function (a, b) { return b.doc - a.doc; });
    return list;
  }

  function fillSelect(select, counts, label) {
    var keep = select.value;
    var first = select.options[0];
    select.replaceChildren(first);
    Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); }).forEach(function (key) {
      if (!key) return;
      var option = el("option", "", label(key) + " (" + digits(counts[key]) + ")");
      option.value = key;
      select.appendChild(option);
    });
    select.value = counts[keep] ? keep : "";
  }

  function fillFilters() {
    // Counted by filter group (language and outlet) and year first: a common word matches
    // thousands of articles and few groups.
    var groups = new Map(), years = new Map(), counts = { lang: {}, outlet: {}, year: {} };
    function add(table, key, count) { table[key] = (table[key] || 0) + count; }
    state.matches.forEach(function (m) {
      var year = index.yearOf(m.doc);
      groups.set(m.group, (groups.get(m.group) || 0) + 1);
      years.set(year, (years.get(year) || 0) + 1);
    });
    groups.forEach(function (count, number) {
      var group = groupFacet(number);
      add(counts.lang, group.lang, count);
      add(counts.outlet, group.outlet, count);
    });
    years.forEach(function (count, year) { add(counts.year, yearFacet(year), count); });
    fillSelect($("search-lang"), counts.lang, function (code) { return strings.languages[code] || code; });
    fillSelect($("search-outlet"), counts.outlet, function (name) { return name; });
    fillSelect($("search-year"), counts.year, digits);
  }

  async function render(generation) {
    var list = filtered();
    var docs = list.slice(0, state.shown);
    var rows = await Promise.all(docs.map(function (m) { return index.result(m.doc); }));
    if (generation !== state.generation) return;
    results.replaceChildren.apply(results, rows.map(function (r) { return resultItem(r, state.parsed); }));
    $("search-status").textContent = state.parsed ? (list.length ? format("search_count", list.length) : strings.search_none) : strings.search_idle;
    $("search-more").hidden = list.length <= state.shown;
    $("search-controls").hidden = !state.matches.length;
    results.setAttribute("data-query", state.text);
    results.setAttribute("data-elapsed", (performance.now() - state.started).toFixed(1));
    results.dispatchEvent(new CustomEvent("archive-search:rendered", { bubbles: true }));
  }

  async function search(text, started) {
    var generation = ++state.generation;
    state.started = started;
    await ready;
    var parsed = engine.parseQuery(text, index.manifest.rank.minPrefix);
    var empty = !parsed.words.length && !parsed.phrases.length && !parsed.prefix;
    var matches = empty ? [] : await rank.run(index, parsed);
    if (generation !== state.generation) return;
    state.text = text;
    state.parsed = empty ? null : parsed;
    state.matches = matches;
    state.shown = PAGE;
    fillFilters();
    await render(generation);
  }

  function fail(error) {
    $("search-status").textContent = strings.search_error;
    results.setAttribute("data-error", String(error && error.message));
  }

  function remember(text) {
    try {
      history.replaceState(null, "", text ? "?q=" + encodeURIComponent(text) : location.pathname);
    } catch (e) { /* some browsers refuse history changes on file:// pages; the search still works */ }
  }

  if (input) {
    input.addEventListener("input", function () { search(input.value, performance.now()).catch(fail); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      remember(input.value);
      search(input.value, performance.now()).catch(fail);
    });
  }
  ["search-sort", "search-lang", "search-outlet", "search-year"].forEach(function (id) {
    $(id).addEventListener("change", function () { state.shown = PAGE; render(state.generation).catch(fail); });
  });
  $("search-more").addEventListener("click", function () { state.shown += PAGE; render(state.generation).catch(fail); });

  var initial = new URLSearchParams(location.search).get("q") || "";
  if (input) input.value = initial;
  search(initial, performance.now()).catch(fail);
})();
