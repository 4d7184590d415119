/* Arabic, Persian and Latin text analysis for search: a line-by-line port of
   generator/textnorm.py. Both are checked against tests/vectors/textnorm.json, so a
   query is analysed in the browser exactly as the build analysed the archive.
   English stems come from stem-english.js (tests/vectors/english.json), loaded first.
   Change both sides and the vectors together.
   Usable as a classic <script> (defines window.ArchiveTextnorm) and from node. */
(function (root) {
  "use strict";

  var ZWNJ = "\u200c";
  var WORD = 0, JOINED = 1, PART = 2;

  var FOLD = {
    "ا": "أإآٱٲٳ",
    "ي": "ىیئٸ",
    "ك": "کڪ",
    "ه": "ةۀەہۂۃھ",
    "و": "ؤٶ",
    ".": "٫",
    ",": "٬",
    " ": "\u200b",
  };
  // Invisible characters that only steer display; ZWNJ is kept (it separates Persian word parts).
  var CONTROLS = "\u00ad\u061c\u0640\u0674\u180e\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e" +
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff";

  var TABLE = new Map();
  Object.keys(FOLD).forEach(function (target) {
    Array.from(FOLD[target]).forEach(function (ch) { TABLE.set(ch, target); });
  });
  Array.from(CONTROLS).forEach(function (ch) { TABLE.set(ch, ""); });
  [0x0660, 0x06f0].forEach(function (zero) {
    for (var i = 0; i < 10; i++) TABLE.set(String.fromCharCode(zero + i), String(i));
  });
  TABLE.set("ß", "ss");
  var MARK = /\p{M}/u;

  function normalize(text) {
    var lowered = text.normalize("NFKC").toLowerCase();
    var out = "";
    for (var ch of lowered) {
      var mapped = TABLE.get(ch);
      if (mapped !== undefined) out += mapped;
      else if (!MARK.test(ch)) out += ch;
    }
    return out;
  }

  // A number with inner separators stays whole; otherwise a run of letters, digits, ZWNJ.
  var UNIT = /[0-9]+(?:[.,/][0-9]+)+|[\p{L}\p{N}\u200c]+/gu;
  var SPLIT_PARTS = /[0-9]+|[^0-9]+/g;
  var SEPARATORS = /[.,/]/;
  var PREFIX_PARTICLES = new Set(["مي", "نمي", "بي"]);
  var SUFFIX_PARTICLES = new Set(["ها", "هاي", "هايي", "اي", "ام", "ايم", "ايد", "اند", "تر", "ترين"]);

  function units(text) {
    var found = [];
    for (var match of text.matchAll(UNIT)) {
      var raw = match[0];
      if (SEPARATORS.test(raw)) {
        found.push({ joined: raw, parts: raw.split(/[.,/]/) });
        continue;
      }
      var parts = [];
      raw.split(ZWNJ).forEach(function (chunk) {
        (chunk.match(SPLIT_PARTS) || []).forEach(function (p) { parts.push(p); });
      });
      if (parts.length) found.push({ joined: parts.join(""), parts: parts });
    }
    return found;
  }

  function mergeable(first, second) {
    var all = first.parts.concat(second.parts);
    if (all.some(function (p) { return p[0] >= "0" && p[0] <= "9"; })) return false;
    if (first.parts.length === 1 && PREFIX_PARTICLES.has(first.joined)) return true;
    return second.parts.length === 1 && SUFFIX_PARTICLES.has(second.joined);
  }

  function mergeParticles(list) {
    var merged = [];
    for (var i = 0; i < list.length; i++) {
      if (i + 1 < list.length && mergeable(list[i], list[i + 1])) {
        merged.push({ joined: list[i].joined + list[i + 1].joined, parts: list[i].parts.concat(list[i + 1].parts) });
        i++;
      } else {
        merged.push(list[i]);
      }
    }
    return merged;
  }

  /* Tokens [term, slot, kind] of a text (normalised here): words, joined forms and parts. */
  function tokenize(text) {
    var tokens = [];
    mergeParticles(units(normalize(text))).forEach(function (unit, slot) {
      if (unit.parts.length === 1) {
        tokens.push([unit.joined, slot, WORD]);
        return;
      }
      tokens.push([unit.joined, slot, JOINED]);
      unit.parts.forEach(function (part) { tokens.push([part, slot, PART]); });
    });
    return tokens;
  }

  function queryTerms(text) {
    return tokenize(text).filter(function (t) { return t[2] !== PART; });
  }

  // ---- stemming (see generator/textnorm.py for the reasons behind each rule) ----
  var porter2 = typeof module !== "undefined" && module.exports ? require("./stem-english.js") : root.ArchiveStemEnglish;
  var ENGLISH_MEMO = 10000;
  var ARABIC_SCRIPT = /[\u0600-\u06ff]/;
  var LATIN_WORD = /^[a-z]+$/;
  var AR_ARTICLES = ["وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال"];
  var AR_SUFFIXES = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

  // Lengths count code points as Python does; every letter involved is in the BMP.
  function stemArabic(word) {
    var stripped = false;
    for (var i = 0; i < AR_ARTICLES.length; i++) {
      var article = AR_ARTICLES[i];
      if (word.startsWith(article) && word.length - article.length >= 3) {
        word = word.slice(article.length);
        stripped = true;
        break;
      }
    }
    if (!stripped && (word[0] === "و" || word[0] === "ف") && word.length >= 5) word = word.slice(1);
    AR_SUFFIXES.forEach(function (suffix) {
      if (word.endsWith(suffix) && word.length - suffix.length >= 3) word = word.slice(0, -suffix.length);
    });
    return word;
  }

  function strip(word, suffixes, floor) {
    for (var i = 0; i < suffixes.length; i++) {
      if (word.endsWith(suffixes[i]) && word.length - suffixes[i].length >= floor) {
        return [word.slice(0, -suffixes[i].length), true];
      }
    }
    return [word, false];
  }

  function stemPersian(word) {
    var r = strip(word, ["مان", "تان", "شان"], 4);
    r = strip(r[0], ["هايي", "هاي", "ها"], 3);
    if (!r[1]) r = strip(r[0], ["ترين", "تر"], 3);
    if (!r[1] && r[0].endsWith("گان") && r[0].length >= 6) r = [r[0].slice(0, -3) + "ه", true];
    if (!r[1]) r = strip(r[0], ["يان"], 3);
    word = r[0];
    if (word.endsWith("هاي") && word.length >= 5) return word.slice(0, -2);
    return strip(word, ["ي"], 3)[0];
  }

  // Snowball English (Porter2) for words of the letters a-z; anything else is kept as it is.
  // Memoised because highlighting stems every word of every result shown.
  var englishStems = new Map();
  function stemEnglish(word) {
    if (!LATIN_WORD.test(word)) return word;
    var found = englishStems.get(word);
    if (found !== undefined) return found;
    if (englishStems.size >= ENGLISH_MEMO) englishStems.clear();
    found = porter2.stem(word);
    englishStems.set(word, found);
    return found;
  }

  function stem(term, lang) {
    if (ARABIC_SCRIPT.test(term)) return lang === "ar" ? stemArabic(term) : stemPersian(term);
    return stemEnglish(term);
  }

  function queryStems(term) {
    if (!ARABIC_SCRIPT.test(term)) return [stemEnglish(term)];
    var set = Array.from(new Set([stemArabic(term), stemPersian(term)]));
    return set.sort(compareUnits);
  }

  // Python sorts by code point, JS by UTF-16 unit; the index sorts by UTF-16 units.
  function compareUnits(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  var api = {
    WORD: WORD, JOINED: JOINED, PART: PART,
    normalize: normalize, tokenize: tokenize, queryTerms: queryTerms,
    stem: stem, queryStems: queryStems,
    stemArabic: stemArabic, stemPersian: stemPersian, stemEnglish: stemEnglish,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.ArchiveTextnorm = api;
})(typeof window !== "undefined" ? window : this);
