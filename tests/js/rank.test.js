// Ordering of matches in the browser: `node --test tests/js/`.
const test = require("node:test");
const assert = require("node:assert");
const rank = require("../../static/js/search-rank.js");

function byComparison(docs, scores) {
  return docs.map((doc, i) => [doc, scores[i]]).sort((a, b) => b[1] - a[1] || b[0] - a[0]);
}

function random(seed) {
  return () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
}

test("matches are ordered by score, then by document, both descending, as by comparison", () => {
  const next = random(7);
  for (const [count, scoreRange] of [[0, 10], [1, 10], [500, 5], [20000, 1000], [3000, 2 ** 31 - 1]]) {
    const docs = Array.from({ length: count }, (_, i) => i * 3 + Math.floor(next() * 3));
    const scores = docs.map(() => Math.floor(next() * scoreRange));  // many ties when the range is small
    assert.deepStrictEqual(rank.bestFirst(docs, scores, (doc, score) => [doc, score]), byComparison(docs, scores));
  }
});

test("scores or documents too large to pack are still ordered exactly", () => {
  const docs = [5, 4194305, 7, 9];
  const scores = [2 ** 40, 3, 2 ** 40, 3];
  assert.deepStrictEqual(rank.bestFirst(docs, scores, (doc, score) => [doc, score]), byComparison(docs, scores));
});
