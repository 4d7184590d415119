/* The search engine of the browser: a port of generator/search/{query,engine,snippet}.py
   over the exported shards (see generator/search/export.py for the file layout).
   No DOM here: tests run it under node on a built index and compare it with the
   command line's results, document for document, in order.
   Usable as a classic <script> (defines window.ArchiveSearchEngine) and from node. */
(function (root) {
  "use strict";
  var tn = typeof module !== "undefined" && module.exports ? require("./textnorm.js") : root.ArchiveTextnorm;

  // ---- bytes: base64, zlib (the browser's own DecompressionStream), varints ----
  function fromBase64(text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  async function inflate(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  function Reader(bytes) { this.bytes = bytes; this.pos = 0; }
  Reader.prototype.varint = function () {
    var value = 0, scale = 1, byte;
    do {
      byte = this.bytes[this.pos++];
      value += (byte & 0x7f) * scale; // multiplication, not <<: values may pass 2^31
      scale *= 128;
    } while (byte >= 0x80);
    return value;
  };
  Reader.prototype.raw = function (n) { var out = this.bytes.subarray(this.pos, this.pos + n); this.pos += n; return out; };

  var utf8 = new TextDecoder();

  function readTerms(reader, withValue) {
    var entries = new Map();
    var previous = new Uint8Array(0);
    var count = reader.varint();
    for (var i = 0; i < count; i++) {
      var shared = reader.varint();
      var suffix = reader.raw(reader.varint());
      var term = new Uint8Array(shared + suffix.length);
      term.set(previous.subarray(0, shared));
      term.set(suffix, shared);
      previous = term;
      entries.set(utf8.decode(term), withValue(reader));
    }
    return entries;
  }

  function readPostings(reader) {
    var out = new Map();
    var doc = 0;
    var count = reader.varint();
    for (var i = 0; i < count; i++) {
      doc += reader.varint();
      out.set(doc, { t: reader.varint(), b: reader.varint(), l: reader.varint(), g: reader.varint() });
    }
    return out;
  }

  // A term's entry ends with one status per query stem of the term (generator/search/stem_refs.py):
  // 0 absent from the archive, 1 held by another term, 2 held here as differences from this term.
  function readSection(reader) {
    var out = [], count = reader.varint();
    for (var i = 0; i < count; i++) {
      var status = reader.varint();
      out.push([status, status === 2 ? readPostings(reader) : null]);
    }
    return out;
  }

  function readStemEntry(reader) {
    var length = reader.varint();
    if (length) return [utf8.decode(reader.raw(length)), null];
    return [null, readPostings(reader)];
  }

  function readTermEntry(reader) { return [readPostings(reader), readSection(reader)]; }

  /* A stem's postings: its reference term's, with the differing documents replaced or removed. */
  function merged(postings, diff) {
    var out = new Map(postings);
    if (diff) diff.forEach(function (p, doc) {
      if (p.t) out.set(doc, { t: p.t - 1, b: p.b, l: p.l, g: p.g });
      else out.delete(doc);
    });
    return out;
  }

  function readSlots(reader, count) {
    var slots = [], slot = 0;
    for (var i = 0; i < count; i++) { slot += reader.varint(); slots.push(slot); }
    return slots;
  }

  // ---- the index: shards fetched through `load(id)` once each, then kept ----
  function SearchIndex(load) {
    this.load = load; // id -> Promise of the payload (base64 text of compressed bytes)
    this.cache = new Map();
    this.fetched = [];
    this.hints = new Map(); // stem -> Promise of [status, term] from a looked-up term's entry
    this.stems = new Map(); // stem -> Promise of its postings, rebuilt once: every keystroke asks again
  }

  SearchIndex.prototype.file = function (id) {
    if (!this.cache.has(id)) {
      this.fetched.push(id);
      this.cache.set(id, Promise.resolve(this.load(id)).then(function (payload) {
        return typeof payload === "string" ? inflate(fromBase64(payload)) : payload;
      }));
    }
    return this.cache.get(id);
  };

  SearchIndex.prototype.open = async function () {
    this.manifest = JSON.parse(utf8.decode(await this.file("manifest")));
    this.rank = this.manifest.rank;
    return this.manifest;
  };

  SearchIndex.prototype.shardNumber = function (kind, term) {
    var bounds = this.manifest.shards[kind];
    var lo = 0, hi = bounds.length; // last bound <= term
    while (lo < hi) { var mid = (lo + hi) >> 1; if (bounds[mid] <= term) lo = mid + 1; else hi = mid; }
    return Math.max(0, lo - 1);
  };

  SearchIndex.prototype.shard = function (kind, number) {
    var key = "#" + kind + "/" + number;
    if (!this.cache.has(key)) {
      this.cache.set(key, this.file(kind + "/" + number).then(function (bytes) {
        var entry = { t: readTermEntry, s: readStemEntry, x: function (r) { return r.varint(); } }[kind];
        return readTerms(new Reader(bytes), entry);
      }));
    }
    return this.cache.get(key);
  };

  SearchIndex.prototype.lookup = async function (kind, term) {
    if (!this.manifest.shards[kind].length) return null;
    var shard = await this.shard(kind, this.shardNumber(kind, term));
    return shard.has(term) ? shard.get(term) : null;
  };

  /* The term's postings. Its entry also says where its query stems are: noted for `stem`. */
  SearchIndex.prototype.exact = function (term) {
    var entry = this.lookup("t", term), hints = this.hints;
    tn.queryStems(term).forEach(function (name, i) {
      var hint = entry.then(function (e) { var status = e && e[1][i] ? e[1][i][0] : 1; return [status, term]; });
      var before = hints.get(name);
      // The first hint that knows (absent, or held here) wins; "elsewhere" knows nothing.
      hints.set(name, before ? before.then(function (h) { return h[0] === 1 ? hint : h; }) : hint);
    });
    return entry.then(function (e) { return e ? e[0] : new Map(); });
  };

  SearchIndex.prototype.stem = function (name) {
    if (!this.stems.has(name)) this.stems.set(name, this.stemPostings(name));
    return this.stems.get(name);
  };

  SearchIndex.prototype.stemPostings = async function (name) {
    var hint = this.hints.has(name) ? await this.hints.get(name) : [1, null];
    if (hint[0] === 0) return new Map();
    var ref = hint[0] === 2 ? hint[1] : null;
    if (ref === null) {
      var found = await this.lookup("s", name);
      if (!found) return new Map();
      if (found[0] === null) return merged(new Map(), found[1]);
      ref = found[0];
    }
    var entry = await this.lookup("t", ref);
    var item = entry && entry[1][tn.queryStems(ref).indexOf(name)];
    return item ? merged(entry[0], item[1]) : new Map();
  };

  SearchIndex.prototype.completions = async function (prefix) {
    var bounds = this.manifest.shards.x;
    if (!bounds.length) return [];
    var first = this.shardNumber("x", prefix), numbers = [];
    for (var n = first; n < bounds.length && (n === first || bounds[n].startsWith(prefix)); n++) numbers.push(n);
    var self = this;
    var shards = await Promise.all(numbers.map(function (n) { return self.shard("x", n); }));
    var found = [];
    shards.forEach(function (shard) {
      shard.forEach(function (rank, term) { if (term.startsWith(prefix)) found.push([term, rank]); });
    });
    return found;
  };

  SearchIndex.prototype.positions = async function (term) {
    var number = this.shardNumber("t", term);
    var key = "#p/" + number;
    if (!this.cache.has(key)) {
      var self = this;
      this.cache.set(key, Promise.all([this.shard("t", number), this.file("p/" + number)]).then(function (got) {
        var reader = new Reader(got[1]), all = new Map();
        got[0].forEach(function (entry, name) {
          var lists = new Map();
          entry[0].forEach(function (p, doc) { lists.set(doc, [readSlots(reader, p.t), readSlots(reader, p.b)]); });
          all.set(name, lists);
        });
        return all;
      }));
    }
    return (await this.cache.get(key)).get(term) || new Map();
  };

  SearchIndex.prototype.result = async function (doc) {
    var chunk = this.manifest.chunk;
    var key = "#d/" + Math.floor(doc / chunk);
    if (!this.cache.has(key)) {
      this.cache.set(key, this.file("d/" + Math.floor(doc / chunk)).then(function (b) { return JSON.parse(utf8.decode(b)); }));
    }
    var row = (await this.cache.get(key))[doc % chunk];
    return { doc: doc, title: row[0], url: row[1], date: row[2], outlet: row[3], lang: row[4], text: row[5] };
  };

  SearchIndex.prototype.yearOf = function (doc) {
    var years = this.manifest.years, year = null;
    for (var i = 0; i < years.length && years[i][1] <= doc; i++) year = years[i][0];
    return year;
  };

  // ---- query parsing: as generator/search/query.py ----
  var QUOTES = "\"“”«»";
  var SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var PIECE = new RegExp("([-\\u2212]?)(?:[" + QUOTES + "]([^" + QUOTES + "]*)[" + QUOTES + "]?|([^" + SPACE + QUOTES + "]+))", "gu");

  function terms(text) { return tn.queryTerms(text).map(function (t) { return t[0]; }); }

  function parseQuery(text, minPrefix, asYouType) {
    var query = { words: [], phrases: [], excluded: [], prefix: null };
    var run = null;
    function flush() { if (run) terms(text.slice(run[0], run[1])).forEach(function (t) { query.words.push(t); }); }
    for (var m of text.matchAll(PIECE)) {
      if (!m[1] && m[2] === undefined) { run = [run ? run[0] : m.index, m.index + m[0].length]; continue; }
      flush();
      run = null;
      var found = terms(m[2] !== undefined ? m[2] : m[3]);
      if (m[1]) found.forEach(function (t) { query.excluded.push(t); });
      else if (found.length) query.phrases.push(found);
    }
    flush();
    var lastIsPlain = run !== null && run[1] === text.length;
    var last = query.words[query.words.length - 1];
    if (asYouType !== false && lastIsPlain && last && Array.from(last).length >= minPrefix) query.prefix = query.words.pop();
    return query;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { SearchIndex: SearchIndex, parseQuery: parseQuery, Reader: Reader, inflate: inflate, fromBase64: fromBase64 };
    Object.assign(module.exports, require("./search-rank.js"));
  } else {
    root.ArchiveSearchEngine = { SearchIndex: SearchIndex, parseQuery: parseQuery };
  }
})(typeof window !== "undefined" ? window : this);
