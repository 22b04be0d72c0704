// Material's search box, answered by Pagefind (see partials/search.html).
// Pagefind's index is split into chunks by word: a query fetches the chunks
// for its words and the fragments of the results shown, never the whole
// index, so what a reader downloads does not grow with the archive.
// Result titles and excerpts come from article text: they are inserted as
// text (excerpts keep only Pagefind's <mark> highlights), never as HTML.

const form = document.querySelector("form[data-briefing-search='pagefind']");
const SHOWN = 10;
const PAUSE = 200; // ms after the last keystroke before searching

if (form) {
  const input = form.querySelector("input.md-search__input");
  const box = form.closest(".md-search");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const toggle = document.getElementById("__search");
  const base = new URL(form.dataset.base.replace(/\/?$/, "/"), document.baseURI);
  let pagefind = null;
  let latest = 0;

  const load = async () => {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(async (module) => {
        await module.options({ baseUrl: base.pathname, excerptLength: 24 });
        module.init();
        return module;
      });
    }
    return pagefind;
  };

  const count = (n) => n === 0 ? form.dataset.none
    : n === 1 ? form.dataset.one : form.dataset.other.replace("#", n.toLocaleString());

  // Keep Pagefind's <mark> highlights, turn everything else into plain text.
  const excerpt = (html) => {
    const parsed = document.createElement("template");
    parsed.innerHTML = html;
    const p = document.createElement("p");
    for (const node of parsed.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(document.createTextNode(node.textContent));
      }
    }
    return p;
  };

  const item = (data) => {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.tabIndex = -1;
    link.href = data.url;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.append(title, excerpt(data.excerpt || ""));
    link.append(article);
    li.append(link);
    return li;
  };

  const run = async () => {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) {
      meta.textContent = form.dataset.placeholder;
      list.replaceChildren();
      return;
    }
    // Our own pause, not Pagefind's debouncedSearch: that fetches the index chunk of every prefix
    // typed on the way ("r", "re", "ref"...), three or four chunks the query never reads.
    await new Promise((resolve) => setTimeout(resolve, PAUSE));
    if (ticket !== latest) return;
    const engine = await load();
    const search = await engine.search(query);
    if (search === null || ticket !== latest) return;
    const shown = await Promise.all(search.results.slice(0, SHOWN).map((result) => result.data()));
    if (ticket !== latest) return;
    meta.textContent = count(search.results.length);
    list.replaceChildren(...shown.map(item));
  };

  const open = () => {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  };

  input.addEventListener("focus", () => { open(); load(); });
  input.addEventListener("input", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", () => setTimeout(run, 0));
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
