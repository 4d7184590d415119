// Runs the browser's search engine under node on an exported index folder (the site's
// `search/index/`), for the agreement test in tests/test_search_agreement.py:
//   node tests/js/run-search.js <index folder> <queries.json>  → JSON on stdout
const fs = require("node:fs");
const path = require("node:path");
const engine = require("../../static/js/search-engine.js");

const CALL = /^window\.__archiveSearch\.load\("([^"]+)",([\s\S]*)\);\n$/;

function loader(folder) {
  return async (id) => {
    const match = CALL.exec(fs.readFileSync(path.join(folder, id + ".js"), "utf8"));
    if (!match || match[1] !== id) throw new Error("bad index file " + id);
    return JSON.parse(match[2]);
  };
}

async function main() {
  const [folder, queriesFile] = process.argv.slice(2);
  const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
  const out = [];
  for (const q of queries) {
    const index = new engine.SearchIndex(loader(folder));
    await index.open();
    const parsed = engine.parseQuery(q.query, index.manifest.rank.minPrefix);
    let matches = await engine.run(index, parsed);
    if (q.lang) matches = matches.filter((m) => index.manifest.groups[m.group][0] === q.lang);
    const rows = [];
    for (const m of matches.slice(0, q.limit)) {
      const r = await index.result(m.doc);
      rows.push({ url: r.url, title: r.title, score: m.score / index.manifest.rank.scale, snippet: engine.snippet(r.text, r.lang, parsed) });
    }
    out.push({ query: q.query, results: rows, fetched: index.fetched });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((err) => { console.error(err); process.exit(1); });
