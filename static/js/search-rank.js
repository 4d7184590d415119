/* Matching, ranking and snippets: a port of generator/search/engine.py and snippet.py.
   Same floating-point operations in the same order, same tie-breaks, so the browser
   lists the same documents in the same order as `build.py search`.
   `index` is a SearchIndex (search-engine.js). No DOM here. */
(function (root) {
  "use strict";
  var tn = typeof module !== "undefined" && module.exports ? require("./textnorm.js") : root.ArchiveTextnorm;

  function bm25(index, postings, doc) {
    var r = index.rank, m = index.manifest, p = postings.get(doc);
    var df = postings.size;
    var idf = Math.log(1 + (m.docs - df + 0.5) / (df + 0.5));
    var tf = r.title * p.t + p.b;
    var norm = r.k1 * (1 - r.b + r.b * m.lengths[p.l] / m.avgLength);
    return idf * (tf * (r.k1 + 1)) / (tf + norm);
  }

  function best(index, lists) {
    var out = new Map();
    lists.forEach(function (postings) {
      postings.forEach(function (_, doc) {
        var s = bm25(index, postings, doc);
        if (!out.has(doc) || s > out.get(doc)) out.set(doc, s);
      });
    });
    return out;
  }

  function utf16Compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  async function expansions(index, prefix) {
    var found = (await index.completions(prefix)).filter(function (e) { return e[0] !== prefix; });
    found.sort(function (a, b) { return b[1] - a[1] || utf16Compare(a[0], b[0]); });
    return found.slice(0, index.rank.expansions).map(function (e) { return e[0]; });
  }

  function all(list, fn) { return Promise.all(list.map(fn)); }

  async function wordScores(index, term, isPrefix) {
    var got = await Promise.all([
      index.exact(term),
      all(tn.queryStems(term), function (s) { return index.stem(s); }),
      isPrefix ? expansions(index, term).then(function (ts) { return all(ts, function (t) { return index.exact(t); }); }) : [],
    ]);
    var exact = got[0], stems = got[1], longer = got[2];
    var stemBest = best(index, stems), prefixBest = best(index, longer);
    var groups = new Map();
    [exact].concat(stems, longer).forEach(function (list) { list.forEach(function (p, doc) { groups.set(doc, p.g); }); });
    var r = index.rank, scores = new Map();
    groups.forEach(function (_, doc) {
      var e = exact.has(doc) ? bm25(index, exact, doc) : 0.0;
      var s = stemBest.has(doc) ? stemBest.get(doc) : 0.0, p = prefixBest.has(doc) ? prefixBest.get(doc) : 0.0;
      scores.set(doc, r.exact * e + r.stem * s + r.prefix * p);
    });
    return [scores, groups];
  }

  // A word's scores, kept for the next keystrokes: typing a second word searches the first
  // again at every key, and at 100,000 articles a common word's scores take tens of milliseconds.
  var SCORES_KEPT = 16;
  var keptScores = new WeakMap();

  function keptWordScores(index, term, isPrefix) {
    var kept = keptScores.get(index);
    if (!kept) keptScores.set(index, kept = new Map());
    var key = (isPrefix ? "prefix " : "word ") + term, found = kept.get(key);
    if (found) return found;
    found = wordScores(index, term, isPrefix);
    found.catch(function () { kept.delete(key); }); // a file that failed to load is asked for again
    if (kept.size >= SCORES_KEPT) kept.delete(kept.keys().next().value);
    kept.set(key, found);
    return found;
  }

  function adjacent(slotLists) {
    var rest = slotLists.slice(1).map(function (s) { return new Set(s); });
    return slotLists[0].some(function (start) {
      return rest.every(function (slots, i) { return slots.has(start + i + 1); });
    });
  }

  async function phraseScores(index, terms) {
    var lists = await all(terms, function (t) { return index.exact(t); });
    var docs = Array.from(lists[0].keys()).filter(function (d) { return lists.every(function (l) { return l.has(d); }); });
    if (terms.length > 1 && docs.length) {
      var where = await all(terms, function (t) { return index.positions(t); });
      docs = docs.filter(function (d) {
        return [0, 1].some(function (f) { return adjacent(where.map(function (w) { return w.get(d)[f]; })); });
      });
    }
    docs.sort(function (a, b) { return a - b; });
    var scores = new Map(), groups = new Map();
    docs.forEach(function (doc) {
      var total = 0.0;
      lists.forEach(function (postings) { total += bm25(index, postings, doc); });
      scores.set(doc, index.rank.exact * total);
      groups.set(doc, lists[0].get(doc).g);
    });
    return [scores, groups];
  }

  async function excludedDocs(index, terms) {
    var out = new Set();
    var lists = await all(terms, function (t) {
      return Promise.all([index.exact(t)].concat(tn.queryStems(t).map(function (s) { return index.stem(s); })));
    });
    lists.forEach(function (group) { group.forEach(function (l) { l.forEach(function (_, d) { out.add(d); }); }); });
    return out;
  }

  /* Every matching document, best first: [{doc, score, group}]; score is an integer. */
  async function run(index, query) {
    var jobs = query.words.map(function (w) { return keptWordScores(index, w, false); });
    if (query.prefix) jobs.push(keptWordScores(index, query.prefix, true));
    query.phrases.forEach(function (p) { jobs.push(phraseScores(index, p)); });
    if (!jobs.length) return [];
    var parts = await Promise.all(jobs);
    var excluded = await excludedDocs(index, query.excluded);
    var docs = [], scores = [], scale = index.rank.scale;
    parts[0][0].forEach(function (_, doc) {
      if (excluded.has(doc)) return;
      var total = 0.0;
      for (var i = 0; i < parts.length; i++) {
        var score = parts[i][0].get(doc);
        if (score === undefined) return; // every part must match
        total += score;
      }
      docs.push(doc);
      scores.push(Math.floor(total * scale + 0.5));
    });
    var groups = parts[0][1];
    return bestFirst(docs, scores, function (doc, score) { return { doc: doc, score: score, group: groups.get(doc) }; });
  }

  // Score and document number packed in one float sort exactly while both fit its 53 bits; a
  // numeric sort of packed keys is several times faster than comparing objects (100,000 matches).
  var DOC_SPAN = 4194304; // 2^22 documents
  var SCORE_SPAN = 2147483648; // 2^31

  /* make(doc, score) for each match, by score, then document number, both descending. */
  function bestFirst(docs, scores, make) {
    var n = docs.length, keys = new Float64Array(n), out = new Array(n), i;
    for (i = 0; i < n; i++) {
      if (scores[i] < 0 || scores[i] >= SCORE_SPAN || docs[i] >= DOC_SPAN) return slowBestFirst(docs, scores, make);
      keys[i] = scores[i] * DOC_SPAN + docs[i];
    }
    keys.sort();
    for (i = 0; i < n; i++) {
      var key = keys[n - 1 - i], doc = key % DOC_SPAN;
      out[i] = make(doc, (key - doc) / DOC_SPAN);
    }
    return out;
  }

  function slowBestFirst(docs, scores, make) {
    var order = docs.map(function (_, i) { return i; });
    order.sort(function (a, b) { return scores[b] - scores[a] || docs[b] - docs[a]; });
    return order.map(function (i) { return make(docs[i], scores[i]); });
  }

  // ---- snippets: as generator/search/snippet.py ----
  var SNIPPET_CHARS = 200;

  function wanted(query) {
    var terms = new Set(query.words);
    query.phrases.forEach(function (p) { p.forEach(function (t) { terms.add(t); }); });
    if (query.prefix) terms.add(query.prefix);
    var stems = new Set();
    terms.forEach(function (t) { tn.queryStems(t).forEach(function (s) { stems.add(s); }); });
    return { terms: terms, stems: stems, prefix: query.prefix };
  }

  function isMatch(word, want) {
    return word.terms.some(function (term, i) {
      return want.terms.has(term) || want.stems.has(word.stems[i]) || (want.prefix && term.startsWith(want.prefix));
    });
  }

  // Each text's words with their terms and stems, kept for the texts shown last: typing searches
  // again at every keystroke, mostly over the same results, and analysing their texts anew was
  // the largest part of a search whose index files were already loaded.
  var WORDS_KEPT = 100;
  var analysed = new Map();

  function analysedWords(text, lang) {
    var key = lang + "\u0000" + text, words = analysed.get(key);
    if (words) return words;
    words = [];
    for (var m of text.matchAll(/\S+/gu)) {
      var terms = tn.tokenize(m[0]).map(function (token) { return token[0]; });
      words.push({ start: m.index, end: m.index + m[0].length, terms: terms,
        stems: terms.map(function (term) { return tn.stem(term, lang); }) });
    }
    if (analysed.size >= WORDS_KEPT) analysed.delete(analysed.keys().next().value);
    analysed.set(key, words);
    return words;
  }

  /* A window of `text` near the first match: {text, spans: [[start, end], …]} to highlight. */
  function snippet(text, lang, query) {
    var want = wanted(query), words = analysedWords(text, lang);
    var hits = words.filter(function (w) { return isMatch(w, want); });
    var start = 0;
    if (hits.length) {
      var before = words.filter(function (w) { return w.start < hits[0].start; });
      start = before.length >= 3 ? before[before.length - 3].start : 0;
    }
    var end = start + SNIPPET_CHARS;
    var cut = words.filter(function (w) { return start <= w.start && w.end <= end; });
    end = cut.length ? cut[cut.length - 1].end : Math.min(text.length, end);
    return {
      text: text.slice(start, end),
      spans: hits.filter(function (h) { return start <= h.start && h.end <= end; }).map(function (h) { return [h.start - start, h.end - start]; }),
    };
  }

  /* The matched words of a whole short text, such as a title: [[start, end], …]. */
  function highlights(text, lang, query) {
    var want = wanted(query);
    return analysedWords(text, lang).filter(function (w) { return isMatch(w, want); }).map(function (w) { return [w.start, w.end]; });
  }

  var api = { run: run, snippet: snippet, highlights: highlights, bm25: bm25, bestFirst: bestFirst };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.ArchiveSearchRank = api;
})(typeof window !== "undefined" ? window : this);
