// Material's search box, answered by the archive's chunked index (see
// generator/search_index.py and partials/search.html). A query fetches the
// index's small table of contents, one shard per word and the few files of
// the briefings shown: nothing it fetches grows with the archive. The rest of
// a common word's postings is fetched page by page, only for "more results".
// Titles and summaries come from article text: they are inserted as text
// (with <mark> elements made here), never as HTML.

const form = document.querySelector("form[data-briefing-search='chunked']");
const SHOWN = 10;
const PAUSE = 200; // ms after the last keystroke before searching
const PREFIX_WORDS = 8; // words a word being typed may stand for
const PREFIX_SHARDS = 2; // shards a prefix may span (a one-letter prefix spans many: it waits for a letter more)

// The tokenizer of search_index.py: folded to lower case without accents, runs of letters and digits.
const fold = (text) => text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
const WORD = /[\p{L}\p{N}]+/gu;
const INITIALS = /(?<![\p{L}\p{N}])(?:\p{L}\.)+\p{L}(?![\p{L}\p{N}])/gu; // U.S. -> "u.s", as search_index.INITIALS
const stem = (word) => {
  if (word.length > 4 && word.endsWith("ies")) return word.slice(0, -3) + "y";
  if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
};
const MAX_WORD = 24;

if (form) {
  const input = form.querySelector("input.md-search__input");
  const box = form.closest(".md-search");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const toggle = document.getElementById("__search");
  const base = new URL(form.dataset.base.replace(/\/?$/, "/"), document.baseURI);
  const folder = new URL(form.dataset.index.replace(/\/?$/, "/"), base);
  const directoryUrls = form.dataset.directoryUrls === "true";
  const cache = new Map();
  let index = null;
  let latest = 0;

  const load = () => {
    index ||= fetch(new URL("index.json", folder), { cache: "no-cache" }).then((response) => {
      if (!response.ok) throw new Error(`search index: ${response.status}`);
      return response.json();
    }).then((data) => ({ ...data, stopWords: new Set(data.stop) }));
    return index;
  };

  // One index file, fetched once per page view. Shards and posting pages are named by their content;
  // the briefings' and entities' files are not, and ?v= ties them to the index.json they were built with.
  const file = async (path) => {
    if (!cache.has(path)) {
      const { version } = await load();
      const url = /^[de]\//.test(path) ? `${path}?v=${version}` : path;
      cache.set(path, fetch(new URL(url, folder)).then((response) => {
        if (!response.ok) throw new Error(`search index: ${path}: ${response.status}`);
        return response.json();
      }));
    }
    return cache.get(path);
  };

  // The shard that would hold a word: the last whose first word is not after it.
  const shardOf = (shards, word) => {
    let low = 0;
    let high = shards.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (shards[middle][0] <= word) low = middle; else high = middle - 1;
    }
    return low;
  };
  const shardFile = (data, shard) => file(`s/${data.shards[shard][1]}.json`);

  // The query's words: each a list of index words it stands for, with the postings the shard holds.
  const lookUp = async (query) => {
    const data = await load();
    const typing = !/\s$/.test(query);
    const folded = fold(query);
    const initials = folded.match(INITIALS) || [];
    const tokens = [...initials, ...(folded.replace(INITIALS, " ").match(WORD) || [])]
      .filter((word) => word.length <= MAX_WORD);
    const words = [];
    for (const [position, token] of tokens.entries()) {
      const last = typing && position === tokens.length - 1;
      if (data.stopWords.has(token) && !last) continue;
      if (token.length < 2 && !last) continue;
      const exact = token.includes(".") ? token : stem(token);
      const found = [];
      const first = shardOf(data.shards, exact);
      for (const entry of await shardFile(data, first)) {
        if (entry[0] === exact) found.push({ entry, shard: first, weight: 1 });
      }
      if (last && token.length >= 2) {
        // The word being typed also stands for the words it begins, most common first.
        const from = shardOf(data.shards, token);
        const to = shardOf(data.shards, token + "\uffff");
        const begun = [];
        if (to - from < PREFIX_SHARDS) {
          for (let shard = from; shard <= to; shard++) {
            for (const entry of await shardFile(data, shard)) {
              if (entry[0] !== exact && entry[0].startsWith(token)) begun.push({ entry, shard, weight: 0.8 });
            }
          }
        }
        begun.sort((a, b) => b.entry[1] - a.entry[1]);
        found.push(...begun.slice(0, PREFIX_WORDS));
      }
      if (found.length || !data.stopWords.has(token)) words.push({ token, found });
    }
    for (const word of words) {
      for (const term of word.found) {
        const [name, count] = term.entry;
        term.name = name;
        term.rarity = Math.log(1 + (data.docs - count + 0.5) / (count + 0.5));
        term.pages = (term.entry[3] || []).length; // the keys of its further pages of postings
        term.fetched = 0;
      }
    }
    return words;
  };

  // Each page's score: per query word, its best index word's weight times rarity; pages with every word first,
  // and among them an entity's page (numbered from index.json's "entities") before the briefings that name it.
  const rank = (words, entities) => {
    const scores = new Map();
    words.forEach((word, w) => {
      for (const term of word.found) {
        const postings = [term.entry[2], ...(term.more || [])].flat();
        for (let i = 0; i < postings.length; i += 2) {
          const doc = postings[i];
          const score = term.rarity * term.weight * postings[i + 1] / 255;
          let found = scores.get(doc);
          if (!found) scores.set(doc, found = { doc, words: new Array(words.length).fill(0) });
          found.words[w] = Math.max(found.words[w], score);
        }
      }
    });
    const ranked = [...scores.values()].map(({ doc, words: per }) => ({
      doc, matched: per.filter((score) => score > 0).length, score: per.reduce((a, b) => a + b, 0),
    }));
    const named = (result) => (result.doc >= entities && result.matched === words.length ? 1 : 0);
    ranked.sort((a, b) => b.matched - a.matched || named(b) - named(a) || b.score - a.score || b.doc - a.doc);
    return ranked;
  };

  const fetchMore = async (words) => {
    let fetched = false;
    for (const word of words) {
      for (const term of word.found) {
        if (term.fetched < term.pages) {
          term.fetched += 1;
          term.more = [...(term.more || []), await file(`p/${term.entry[3][term.fetched - 1]}.json`)];
          fetched = true;
        }
      }
    }
    return fetched;
  };

  // A briefing's number is its slot in the briefings' files; an entity's, from index.json's "entities" on,
  // its slot in the entities' files (search_index._numbers).
  const docs = async (numbers) => {
    const { group, entities } = await load();
    return Promise.all(numbers.map(async (number) => {
      const [folder, slot] = number >= entities ? ["e", number - entities] : ["d", number];
      const at = Math.floor(slot / group);
      return (await file(`${folder}/${at}.json`))[slot - at * group];
    }));
  };

  const count = (n, more) => n === 0 ? form.dataset.none
    : n === 1 && !more ? form.dataset.one : form.dataset.other.replace("#", n.toLocaleString() + (more ? "+" : ""));

  // Text with the query's words marked: built from text nodes, never parsed as HTML.
  const marked = (tag, text, words) => {
    const element = document.createElement(tag);
    let at = 0;
    for (const match of text.matchAll(WORD)) {
      const folded = fold(match[0]);
      const hit = words.some((word) => word.found.some((term) => stem(folded) === term.name || folded.startsWith(term.name)));
      if (!hit) continue;
      element.append(document.createTextNode(text.slice(at, match.index)));
      const mark = document.createElement("mark");
      mark.textContent = match[0];
      element.append(mark);
      at = match.index + match[0].length;
    }
    element.append(document.createTextNode(text.slice(at)));
    return element;
  };

  const href = (url) => new URL(directoryUrls || !url ? url : url.replace(/\/$/, ".html"), base).href;

  const item = ([url, title, date, summary], words) => {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.tabIndex = -1;
    link.href = href(url);
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const heading = marked("h1", title, words);
    const when = document.createElement("time");
    when.dateTime = date;
    when.textContent = date;
    const text = marked("p", summary, words);
    if (date) text.prepend(when, document.createTextNode(" · "));  // an entity's page has no date
    article.append(heading, text);
    link.append(article);
    li.append(link);
    return li;
  };

  const show = async (state, ticket) => {
    const { docs: total, entities = total } = await load();
    const ranked = rank(state.words, entities);
    const more = state.words.some((word) => word.found.some((term) => term.fetched < term.pages));
    const numbers = ranked.slice(0, state.shown).map((result) => result.doc);
    const shown = await docs(numbers);
    if (ticket !== latest) return;
    // An entity called exactly what was typed (its name, or an alias in its summary) goes first.
    const typed = fold(state.query).match(WORD)?.join(" ");
    const called = (doc, number) => number >= entities && typed && [doc[1], ...(doc[3].split(" · also written as ")[1] || "")
      .split(", ")].some((name) => (fold(name).match(WORD) || []).join(" ") === typed);
    const exactly = shown.findIndex((doc, i) => called(doc, numbers[i]));
    if (exactly > 0) shown.unshift(...shown.splice(exactly, 1));
    const exact = state.words.length === 1 && state.words[0].found.length === 1;
    const found = exact ? state.words[0].found[0].entry[1] : ranked.length;
    meta.textContent = count(found, more && !exact);
    const items = shown.map((doc) => item(doc, state.words));
    if (ranked.length > state.shown || more) {
      const li = document.createElement("li");
      li.className = "briefing-search-more";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = form.dataset.moreLabel;
      button.addEventListener("click", async () => {
        if (state.shown + SHOWN > ranked.length) await fetchMore(state.words);
        state.shown += SHOWN;
        show(state, latest);
      });
      li.append(button);
      items.push(li);
    }
    list.replaceChildren(...items);
  };

  const run = async () => {
    const query = input.value;
    const ticket = ++latest;
    if (!query.trim()) {
      meta.textContent = form.dataset.placeholder;
      list.replaceChildren();
      return;
    }
    // Wait for a pause in typing: each word typed on the way would fetch a shard the query never reads.
    await new Promise((resolve) => setTimeout(resolve, PAUSE));
    if (ticket !== latest) return;
    const words = await lookUp(query);
    if (ticket !== latest) return;
    await show({ query, words, shown: SHOWN }, ticket);
  };

  const open = () => {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  };

  input.addEventListener("focus", () => { open(); load(); });
  const search = () => run().catch((error) => { meta.textContent = String(error.message || error); });
  input.addEventListener("input", search);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", () => setTimeout(search, 0));
  if (toggle) {
    toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle && toggle.checked) {
      toggle.checked = false;
      input.blur();
    }
  });
}
