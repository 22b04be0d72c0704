"""Long lists (an entity's briefings, a month's) are split across pages whose content stays put.

Numbered pages are counted from the oldest briefing, so ``entities/x/1.md``
holds the first hundred briefings ever and keeps them when the archive grows.
"""

from __future__ import annotations

import posixpath

from generator.executor import Executor
from generator.list_pages import paginate
from generator.templating import relative_link


def _items(count: int) -> list[dict]:
    """``count`` listing items, newest first, numbered from the oldest (1) to the newest (count)."""
    return [{"n": n} for n in range(count, 0, -1)]


def test_a_short_list_is_one_page():
    pages = paginate("entities/x.md", _items(100), size=100)
    assert len(pages) == 1
    src, items, pager = pages[0]
    assert src == "entities/x.md" and len(items) == 100
    assert pager["count"] == 1 and pager["older"] is None and pager["newer"] is None


def test_every_item_is_listed_once_newest_first_across_pages():
    for count in (101, 250, 300, 301, 1234):
        pages = paginate("timeline/1987/03.md", _items(count), size=100)
        listed = [item["n"] for _, items, _ in pages for item in items]
        assert listed == list(range(count, 0, -1))
        for src, items, pager in pages:
            assert [i["n"] for i in items] == list(range(pager["last"], pager["first"] - 1, -1))
            assert 1 <= len(items) <= 100


def test_numbered_pages_keep_their_content_as_the_list_grows():
    before = {src: items for src, items, _ in paginate("entities/x.md", _items(250), size=100)}
    after = {src: items for src, items, _ in paginate("entities/x.md", _items(321), size=100)}
    assert before["entities/x/1.md"] == after["entities/x/1.md"] == [{"n": n} for n in range(100, 0, -1)]
    assert before["entities/x/2.md"] == after["entities/x/2.md"]
    assert "entities/x/3.md" not in before and len(after["entities/x/3.md"]) == 100
    assert [i["n"] for i in after["entities/x.md"]] == list(range(321, 300, -1))


def test_pager_links_chain_newest_to_oldest():
    pages = paginate("entities/x.md", _items(350), size=100)
    srcs = [src for src, _, _ in pages]
    assert srcs == ["entities/x.md", "entities/x/3.md", "entities/x/2.md", "entities/x/1.md"]
    for position, (src, _, pager) in enumerate(pages):
        assert pager["newer"] == (srcs[position - 1] if position else None)
        assert pager["older"] == (srcs[position + 1] if position + 1 < len(srcs) else None)
        assert pager["total"] == 350 and pager["count"] == 4
    # From a numbered page, links resolve back to the main page.
    link = relative_link("entities/x.md", "entities/x/2.md")
    assert posixpath.normpath(posixpath.join("entities/x", link)) == "entities/x.md"


def test_a_large_entity_index_is_split_by_initial_letter(seed_archive, monkeypatch):
    from generator import pages as page_plans
    from generator.paths import entity_path, page_href
    from generator.templating import environment

    entity_src = {k: entity_path(e) for k, e in seed_archive.entities.items() if e.has_page}
    assert len(entity_src) > 5
    whole = page_plans.entity_index_pages(seed_archive, entity_src)
    assert list(whole) == ["entities/index.md"]
    listed = [e["src"] for g in whole["entities/index.md"][1]["groups"] for e in g["entities"]]
    assert sorted(listed) == sorted(entity_src.values())

    monkeypatch.setattr(page_plans, "ENTITY_INDEX_INLINE", 3)
    monkeypatch.setattr(page_plans, "ENTITY_INDEX_TOP", 2)
    split = page_plans.entity_index_pages(seed_archive, entity_src)
    letters = {src: ctx for src, (_, ctx) in split.items() if src.startswith("entities/a-z/")}
    listed = [e["src"] for ctx in letters.values() for g in ctx["groups"] for e in g["entities"]]
    assert sorted(listed) == sorted(entity_src.values())  # every entity on exactly one letter page
    for src, ctx in letters.items():
        letter = src.rsplit("/", 1)[1][:-3]
        for group in ctx["groups"]:
            for e in group["entities"]:
                assert posixpath.basename(e["src"])[0] == letter or letter == page_plans.OTHER_INITIAL
    index = split["entities/index.md"][1]
    assert all(len(g["entities"]) <= 2 and g["top"] for g in index["groups"])
    assert [l["src"] for l in index["letters"]] == sorted(letters)
    env = environment()
    text = env.get_template("entities.md.j2").render(page_path="entities/index.md", **index)
    assert "most mentioned" in text and '<a href="a-z/' in text
    some_letter, ctx = sorted(letters.items())[0]
    page = env.get_template("entities.md.j2").render(page_path=some_letter, **ctx)
    first = ctx["groups"][0]["entities"][0]
    assert f'<a href="{page_href(first["src"], some_letter)}">' in page


def test_pages_rendered_across_processes_are_the_same_text_in_order(seed_archive, monkeypatch):
    from generator import page_workers
    from generator.pages import PagePlanner

    pages = PagePlanner(seed_archive).other_pages(20)  # what render hands to render_pages (briefing pages go apart)
    paths = sorted(pages)
    serial = list(page_workers.render_pages(pages, paths))
    parallel = list(page_workers.render_pages(pages, paths, Executor(2, thresholds={"pages": 1})))
    assert [p for p, _ in parallel] == paths
    assert parallel == serial
    assert all(text.startswith("---\n") or path.endswith(".html") for path, text in serial)


def test_briefing_pages_planned_across_processes_match_one_process_and_skip_what_is_known(seed_archive, monkeypatch):
    from generator import page_workers, search_index
    from generator.page_fingerprints import page_fingerprint, templates_version
    from generator.pages import PagePlanner
    from generator.templating import environment

    planner = PagePlanner(seed_archive)
    version = templates_version()
    with page_workers.briefing_pages(planner, version, {}, search=True) as planned:
        serial = list(planned)
    executor = Executor(2, thresholds={"pages": 1})
    with page_workers.briefing_pages(planner, version, {}, executor, search=True) as planned:
        planner.other_pages(20)  # the caller's work while the workers plan: it must not change theirs
        parallel = list(planned)
    assert parallel == serial
    assert [index for index, *_ in serial] == list(range(len(seed_archive.briefings)))
    for index, src, fingerprint, text, words in serial:
        path, (template, context) = planner.briefing_page(seed_archive.briefings[index])
        assert path == src
        assert text == environment().get_template(template).render(page_path=src, **context)
        assert fingerprint == page_fingerprint(version, template, src, context)
        assert "bakhmut" in dict(search_index.term_pairs(words))  # both seeds are about Bakhmut: the search index's words come along
    known = {src: [fingerprint, len(text)] for _, src, fingerprint, text, _ in serial}
    known[serial[0][1]] = ["stale", 0]
    with page_workers.briefing_pages(planner, version, known, executor) as planned:
        again = list(planned)
    assert [text is None for *_, text, _ in again] == [False] + [True] * (len(serial) - 1)
    assert all(words is None for *_, words in again)  # no search index asked for


def _briefings_of_march(days: dict[int, int]) -> list[dict]:
    """Listing items of March 1987, newest first: ``days`` maps a day to its number of briefings."""
    items = []
    for day in sorted(days, reverse=True):
        items += [{"date": f"1987-03-{day:02d}", "title": f"{day}-{n}"} for n in range(days[day])]
    return items


def test_a_month_lists_its_briefings_under_a_heading_a_day_with_an_index_of_days():
    from generator import list_pages

    # The main page holds the newest 28 (numbered pages hold 100 from the oldest); 2 March spans pages 2 and 1,
    # and the index links where its briefings start, newest first.
    items = _briefings_of_march({1: 38, 2: 150, 3: 40})
    listed = paginate("timeline/1987/03.md", items, size=100)
    assert [src for src, _, _ in listed] == ["timeline/1987/03.md", "timeline/1987/03/2.md", "timeline/1987/03/1.md"]
    days = list_pages.day_index(listed)
    assert [(d["day"], d["count"], d["target"]) for d in days] == [
        (1, 38, "timeline/1987/03/1.md#d1987-03-01"),
        (2, 150, "timeline/1987/03/2.md#d1987-03-02"),
        (3, 40, "timeline/1987/03.md#d1987-03-03"),
    ]
    assert days[0]["label"] == "Sunday 1 March 1987"
    first = list_pages.by_day(listed[0][1])
    assert [(d["anchor"], len(d["items"])) for d in first] == [("d1987-03-03", 28)]
    second = list_pages.by_day(listed[1][1])
    assert [(d["anchor"], len(d["items"])) for d in second] == [("d1987-03-03", 12), ("d1987-03-02", 88)]


def test_a_month_page_shows_the_days_and_links_each_to_its_heading():
    from generator import list_pages, templating

    items = [{**i, "src": f"1987/03/{i['date'][-2:]}/b{i['title']}.md", "summary": ""}
             for i in _briefings_of_march({1: 3, 2: 120})]
    listed = paginate("timeline/1987/03.md", items, size=100)
    days = list_pages.day_index(listed)
    env = templating.environment()
    main = env.get_template("month.md.j2").render(
        page_path="timeline/1987/03.md", label="March 1987", items=listed[0][1], total=len(items),
        pager=listed[0][2], days=days, newer=None, older=None, front={"title": "March 1987"})
    assert '<a href="./#d1987-03-02"' in main and '<a href="1/#d1987-03-01"' in main
    assert "## Monday 2 March 1987 { #d1987-03-02 data-search-exclude }" in main
    older = env.get_template("list_page.md.j2").render(
        page_path="timeline/1987/03/1.md", heading="March 1987", home="timeline/1987/03.md", items=listed[1][1],
        pager=listed[1][2], days=days, front={"title": "March 1987"})
    assert "## Sunday 1 March 1987 { #d1987-03-01 data-search-exclude }" in older
    assert '<a href="../#d1987-03-02"' in older
