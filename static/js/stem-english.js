/* The Snowball English (Porter2) stemmer, written from the algorithm's published
   description (snowballstem.org/algorithms/english/stemmer.html) as Snowball 3.1.1
   defines it. generator/textnorm.py runs that release's own stemmer, and
   tests/vectors/english.json holds both sides to the same stem for thousands of words.
   Takes lower-case words of the letters a-z (textnorm.js checks that): the tokenizer
   never keeps an apostrophe, so the algorithm's apostrophe rules have nothing to do.
   Usable as a classic <script> (defines window.ArchiveStemEnglish) and from node. */
(function (root) {
  "use strict";

  var VOWELS = new Set("aeiouy");
  // A short syllable cannot close on these (`Y` is a y marked as a consonant).
  var NOT_CLOSING = new Set("wxY");
  var DOUBLES = new Set(["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
  var VALID_LI = new Set("cdeghkmnrt");

  // Whole words with a fixed stem, looked up before any rule: over-stemmed or not plurals.
  var SPECIAL = new Map([
    ["skis", "ski"], ["skies", "sky"], ["idly", "idl"], ["gently", "gentl"], ["ugly", "ugli"],
    ["early", "earli"], ["only", "onli"], ["singly", "singl"], ["sky", "sky"], ["news", "news"],
    ["howe", "howe"], ["atlas", "atlas"], ["cosmos", "cosmos"], ["bias", "bias"], ["andes", "andes"],
  ]);
  // R1 starts right after these, so `general` is not conflated with `generate`.
  var R1_PREFIXES = ["arsen", "commun", "emerg", "gener", "inter", "later", "organ", "past", "univers"];
  // `-eed` stays on these exactly (succeed is no past participle); `-ing` stays on these.
  var EED_KEPT = new Set(["succ", "proc", "exc"]);
  var ING_KEPT = new Set(["inn", "out", "cann", "herr", "earr", "even"]);

  var STEP1B = byLength(["eed", "eedly", "ed", "edly", "ing", "ingly"]);
  var STEP2 = {
    tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent",
    izer: "ize", ization: "ize", ational: "ate", ation: "ate", ator: "ate",
    alism: "al", aliti: "al", alli: "al", fulness: "ful", ousli: "ous", ousness: "ous",
    iveness: "ive", iviti: "ive", biliti: "ble", bli: "ble", ogist: "og", ogi: "og",
    fulli: "ful", lessli: "less", li: "",
  };
  var STEP3 = {
    tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic",
    ful: "", ness: "", ative: "",
  };
  var STEP4 = byLength(["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
    "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion"]);
  var STEP2_SUFFIXES = byLength(Object.keys(STEP2));
  var STEP3_SUFFIXES = byLength(Object.keys(STEP3));

  // Every step acts on the longest listed suffix only: if its condition fails, a shorter
  // one is not tried. Sorting longest first makes the first match the longest.
  function byLength(list) { return list.slice().sort(function (a, b) { return b.length - a.length; }); }

  function longest(word, suffixes) {
    for (var i = 0; i < suffixes.length; i++) if (word.endsWith(suffixes[i])) return suffixes[i];
    return "";
  }

  function isVowel(ch) { return VOWELS.has(ch); }

  // y at the start or after a vowel acts as a consonant: mark it `Y` until the end.
  function markConsonantY(word) {
    var out = "";
    for (var i = 0; i < word.length; i++) {
      out += word[i] === "y" && (i === 0 || isVowel(out[i - 1])) ? "Y" : word[i];
    }
    return out;
  }

  // Where a region starts: after the first non-vowel that follows a vowel, from `from` on.
  function regionAfter(word, from) {
    for (var i = from + 1; i < word.length; i++) {
      if (isVowel(word[i - 1]) && !isVowel(word[i])) return i + 1;
    }
    return word.length;
  }

  function regions(word) {
    var prefix = R1_PREFIXES.find(function (p) { return word.startsWith(p); });
    var p1 = prefix ? prefix.length : regionAfter(word, 0);
    return { p1: p1, p2: regionAfter(word, p1) };
  }

  // Does `part` end in a short syllable: consonant, vowel, consonant (not w, x, Y); a
  // vowel and a consonant as the whole of it; or `past`.
  function endsShort(part) {
    var n = part.length, last = part[n - 1];
    if (n >= 3 && !isVowel(part[n - 3]) && isVowel(part[n - 2]) && !isVowel(last) && !NOT_CLOSING.has(last)) {
      return true;
    }
    return (n === 2 && isVowel(part[0]) && !isVowel(last)) || part.endsWith("past");
  }

  function step1a(word) {
    if (word.endsWith("sses")) return word.slice(0, -2);
    if (word.endsWith("ied") || word.endsWith("ies")) return word.slice(0, -3) + (word.length > 4 ? "i" : "ie");
    if (word.endsWith("ss") || word.endsWith("us") || !word.endsWith("s")) return word;
    // The s goes if a vowel comes before the letter ahead of it: gaps loses it, gas keeps it.
    return /[aeiouy]/.test(word.slice(0, -2)) ? word.slice(0, -1) : word;
  }

  function step1b(word, r) {
    var suffix = longest(word, STEP1B);
    var stem = word.slice(0, word.length - suffix.length);
    if (!suffix) return word;
    if (suffix === "eed" || suffix === "eedly") {
      return stem.length >= r.p1 && !EED_KEPT.has(stem) ? stem + "ee" : word;
    }
    if (suffix === "ing" && /^[^aeiouy]y$/.test(stem)) return stem[0] + "ie";  // dying, lying
    if (suffix === "ing" && ING_KEPT.has(stem)) return word;
    if (!/[aeiouy]/.test(stem)) return word;
    return afterDeletion(stem, r);
  }

  // Repair what removing -ed or -ing leaves: luxuriat → luxuriate, hopp → hop, hop → hope.
  function afterDeletion(stem, r) {
    var end = stem.slice(-2);
    if (end === "at" || end === "bl" || end === "iz") return stem + "e";
    if (DOUBLES.has(end)) {
      var alone = stem.length === 3 && "aeo".indexOf(stem[0]) >= 0;  // add, egg, off stay
      return alone ? stem : stem.slice(0, -1);
    }
    // A short word: R1 is empty (it starts where the stem ends) and the stem ends short.
    return stem.length === r.p1 && endsShort(stem) ? stem + "e" : stem;
  }

  function step1c(word) {
    var n = word.length, last = word[n - 1];
    var replace = (last === "y" || last === "Y") && n > 2 && !isVowel(word[n - 2]);
    return replace ? word.slice(0, -1) + "i" : word;
  }

  function step2(word, r) {
    var suffix = longest(word, STEP2_SUFFIXES);
    var stem = word.slice(0, word.length - suffix.length);
    if (!suffix || stem.length < r.p1) return word;
    if (suffix === "ogi" && !stem.endsWith("l")) return word;
    if (suffix === "li" && !VALID_LI.has(stem[stem.length - 1])) return word;
    return stem + STEP2[suffix];
  }

  function step3(word, r) {
    var suffix = longest(word, STEP3_SUFFIXES);
    var stem = word.slice(0, word.length - suffix.length);
    if (!suffix || stem.length < r.p1 || (suffix === "ative" && stem.length < r.p2)) return word;
    return stem + STEP3[suffix];
  }

  function step4(word, r) {
    var suffix = longest(word, STEP4);
    var stem = word.slice(0, word.length - suffix.length);
    if (!suffix || stem.length < r.p2) return word;
    if (suffix === "ion" && !/[st]$/.test(stem)) return word;
    return stem;
  }

  function step5(word, r) {
    var stem = word.slice(0, -1), last = word[word.length - 1];
    if (last === "e" && (stem.length >= r.p2 || (stem.length >= r.p1 && !endsShort(stem)))) return stem;
    if (last === "l" && stem.length >= r.p2 && stem.endsWith("l")) return stem;
    return word;
  }

  /* The Porter2 stem of a lower-case word of the letters a-z. */
  function stem(word) {
    if (SPECIAL.has(word)) return SPECIAL.get(word);
    if (word.length < 3) return word;
    var w = markConsonantY(word);
    var r = regions(w);  // positions in the word as marked; steps only cut or add at its end
    w = step1b(step1a(w), r);
    w = step5(step4(step3(step2(step1c(w), r), r), r), r);
    return w.replace(/Y/g, "y");
  }

  var api = { stem: stem };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.ArchiveStemEnglish = api;
})(typeof window !== "undefined" ? window : this);
