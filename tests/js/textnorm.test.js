// The shared vectors, checked against the browser port: `node --test tests/js/`.
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const tn = require("../../static/js/textnorm.js");

const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "vectors", "textnorm.json"), "utf8"));

for (const c of vectors.cases) {
  test(`textnorm: ${c.name}`, () => {
    assert.strictEqual(tn.normalize(c.input), c.normalized);
    const tokens = tn.tokenize(c.input);
    assert.deepStrictEqual(tokens, c.tokens);
    assert.deepStrictEqual(tokens.map((t) => tn.stem(t[0], c.lang)), c.stems);
    const query = tn.queryTerms(c.input);
    assert.deepStrictEqual(query.map((t) => t[0]), c.query);
    assert.deepStrictEqual(query.map((t) => tn.queryStems(t[0])), c.query_stems);
  });
}

// Snowball English stems from the Python side (tests/vectors/make_english_vectors.py).
const english = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "vectors", "english.json"), "utf8"));

test(`textnorm: ${english.words.length} English words stem as in Python`, () => {
  assert.ok(english.words.length > 5000);
  const wrong = english.words.filter(([word, want]) => tn.stemEnglish(word) !== want);
  assert.deepStrictEqual(wrong.slice(0, 10).map(([word, want]) => [word, want, tn.stemEnglish(word)]), []);
  // A second pass answers from the memo: it must give the same stems.
  assert.ok(english.words.every(([word, want]) => tn.stem(word, "en") === want));
});

// Written by tests/test_textnorm.py: every assigned character of its Unicode database
// between letters, with what the Python side made of it.
const charsFile = process.env.TEXTNORM_CHARS;
test("textnorm: every character agrees with Python", { skip: !charsFile && "TEXTNORM_CHARS not set" }, () => {
  const rows = JSON.parse(fs.readFileSync(charsFile, "utf8"));
  const bad = rows.filter(([s, n, toks]) => tn.normalize(s) !== n || JSON.stringify(tn.tokenize(s)) !== JSON.stringify(toks));
  assert.deepStrictEqual(bad.slice(0, 5), []);
});
