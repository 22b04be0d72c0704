"""Scale benchmark: slices of the Reuters corpus built end to end, stage by stage.

For each size it builds a fresh project in a temporary folder (cold: empty
cache), then three times adds one article and rebuilds, generator and site
as ``briefing build`` does (warm: the median is reported, since one rebuild
on a shared machine swings by a second or two), and times a bare spaCy
NER pass over the same texts as the floor. Every measurement runs in its own
process, so peak memory is that measurement's alone. Nothing is written
into the repository; print the figures, copy them into your notes.

    python bench/run.py                      # 1,000, 5,000 and the full corpus
    python bench/run.py --sizes 1000 --jobs 2
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import itertools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BRIEFING_CORPUS", ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl.gz"))
SEARCH_FILES = ("/search/", "/workers/search", "/lunr/", "/search-index/", "/chunked-search.js")
STAGES = ("ingest", "clean", "analyse", "summarise", "resolve", "link", "render", "mkdocs")
WARM_RUNS = 3  # rebuilds after one new article each; the median is reported (one run swings by a second or two)
sys.path.insert(0, str(ROOT))


def read_corpus(count: int | None, start: int = 0) -> list[dict]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        stop = None if count is None else start + count
        return [json.loads(line) for line in itertools.islice(handle, start, stop)]


def make_project(target: Path, records: list[dict]) -> Path:
    """A project like the repository's (its mkdocs.yml and about page) with the records as seeds."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    (target / "content").mkdir(exist_ok=True)
    shutil.copy(ROOT / "content" / "about.md", target / "content" / "about.md")
    (target / "seeds").mkdir(exist_ok=True)
    with open(target / "seeds" / "corpus.jsonl", "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


def new_article(size: int | None, number: int = 0) -> dict:
    """An article the slice does not have (the ``number``-th of the rebuilds): the next corpus record, or
    for the full corpus a fresh one."""
    if size is not None:
        return read_corpus(1, start=size + number)[0]
    record = dict(read_corpus(1, start=number)[0])
    record["id"] = f"bench-new-article-{number}" if number else "bench-new-article"
    record["date"] = "1987-10-21"
    record["text"] = record["text"] + "\n    A late addition to the archive, filed for the benchmark's warm rebuild.\n"
    return record


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_memory_mb() -> dict:
    """Peak resident memory of this process and of its largest child (MB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self": round(own), "largest_child": round(child)}


# ---------------------------------------------------------------- measurements (each in its own process)

def measure_build(project: Path, jobs: int, executor: str = "local", site: bool = True) -> dict:
    """Generate content/ then build site/ in ``project``; the stage timings and counts. With a Dask
    ``executor``, the time to start or reach the cluster counts in the generator's."""
    from generator.build import executor_for, generate
    from generator.site_build import mkdocs_build
    from generator.config import load_config

    config = load_config(project)
    cpu, start = cpu_seconds(), time.perf_counter()
    with executor_for(config, jobs, executor) as workers:
        report = generate(config, executor=workers)
    generator_seconds, generator_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    cpu, start = cpu_seconds(), time.perf_counter()
    mk_config = mkdocs_build(config, jobs=jobs) if site else None
    mkdocs_seconds, mkdocs_cpu = time.perf_counter() - start, cpu_seconds() - cpu
    timings = dict(report.timings)
    timings["mkdocs"] = mkdocs_seconds
    return {
        "articles": report.articles, "briefings": report.briefings, "analysed": report.analysed,
        "cached": report.cached, "entities": report.entities, "entity_pages": report.entity_pages,
        "pages": report.render.pages if report.render else 0,
        "pages_written": report.render.changed if report.render else 0,
        "errors": len(report.errors), "timings": timings,
        "generator": generator_seconds, "total": generator_seconds + mkdocs_seconds,
        "cpu": {"generator": generator_cpu, "mkdocs": mkdocs_cpu},
        "search_engine": mk_config.extra.get("briefing_search") if mk_config else None,
        "search_index_seconds": report.render.search_seconds if report.render else 0.0,
        "mkdocs_processes": mk_config.extra.get("briefing_shards", 1) if mk_config else 0,
        "site_build": mk_config.extra.get("briefing_site", {}) if mk_config else {},
        "memory_mb": peak_memory_mb(), "jobs": jobs, "executor": executor,
    }


def measure_floor(project: Path, jobs: int, executor: str = "local") -> dict:
    """The floor: spaCy NER alone (tok2vec + ner, every other pipe disabled) over the same texts."""
    import spacy

    from generator.config import load_config

    config = load_config(project)
    texts = [json.loads(line)["text"] for line in open(project / "seeds" / "corpus.jsonl", encoding="utf-8")]
    cpu, start = cpu_seconds(), time.perf_counter()
    nlp = spacy.load(config.model, enable=["tok2vec", "ner"])
    entities = 0
    n_process = jobs or os.cpu_count() or 1
    for doc in nlp.pipe(texts, batch_size=64, n_process=n_process):
        entities += len(doc.ents)
    return {"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - cpu, "texts": len(texts), "entities": entities,
            "pipes": nlp.pipe_names, "n_process": n_process, "memory_mb": peak_memory_mb()}


def measure_speedup(project: Path, jobs: int, executor: str = "local") -> dict:
    """The analyse stage alone on the project's texts, in one process and in ``jobs`` processes (no cache)."""
    from generator import analyse
    from generator.clean import clean
    from generator.config import load_config
    from generator.ingest import ingest

    config = load_config(project)
    texts = [(str(i), clean(a).text) for i, a in enumerate(ingest(config.seed_paths).articles)]
    analyse.load_nlp(config.model)  # both runs start with the model loaded in this process
    timings = {}
    for n in (1, jobs or os.cpu_count() or 1):
        cpu, start = cpu_seconds(), time.perf_counter()
        results = list(analyse.analyse(texts, config.model, n))
        timings[n] = {"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - cpu, "texts": len(results)}
    return timings


def measure_worker_rate(project: Path, jobs: int, executor: str = "local") -> dict:
    """Analyse then summarise the project's articles on ``executor``'s workers (no cache): the CPU time the workers
    spent on them, per article. On a Dask cluster it is read on each worker, after a first small batch has loaded
    the model there (a cluster's steady pace); local worker processes are counted whole, starting them and loading
    the model included, as a build pays for them."""
    from generator import analyse, summarise
    from generator.build import executor_for
    from generator.clean import clean
    from generator.config import load_config
    from generator.executor import Executor
    from generator.ingest import ingest

    config = load_config(project)
    cleaned = [c for c in (clean(a) for a in ingest(config.seed_paths).articles) if c.text]
    texts = [(str(i), c.text) for i, c in enumerate(cleaned)]
    settings = (config.summary_sentences, config.summary_words, config.key_points)
    local = Executor(workers=jobs or os.cpu_count() or 1, thresholds={"analyse": 1, "summarise": 1})  # fan out always
    with executor_for(config, local if executor == "local" else jobs, executor) as workers:
        remote = getattr(workers, "client", None)
        pairs = lambda analyses: [(c, analyses[key]) for (key, _), c in zip(texts, cleaned) if key in analyses]
        if remote:  # the model loaded on every worker, and the summaries' modules imported, before the clock starts
            summarise.summarise_many(pairs(dict(analyse.analyse(texts[:8], config.model, workers))), settings, workers)
        spent = (lambda: sum(remote.run(_own_cpu).values())) if remote else _children_cpu
        cpu, start = spent(), time.perf_counter()
        analyses = dict(analyse.analyse(texts, config.model, workers))
        analysed_cpu, analysed = spent(), time.perf_counter()
        summarise.summarise_many(pairs(analyses), settings, workers)
        threads = workers.threads if remote else workers.workers
        return {"articles": len(texts), "workers": threads, "analyse_cpu": analysed_cpu - cpu,
                "summarise_cpu": spent() - analysed_cpu, "analyse_seconds": analysed - start,
                "summarise_seconds": time.perf_counter() - analysed}


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _children_cpu() -> float:
    """CPU time of this process's finished children (a local executor's pools, closed after each stage)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(kind: str, project: Path, jobs: int, executor: str = "local") -> dict:
    """Run one measurement in a fresh interpreter and return its JSON result."""
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--project", str(project), "--jobs", str(jobs),
                          "--executor", executor],
                         check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- site figures

def site_figures(project: Path) -> dict:
    """Site size and the size of a typical (median) briefing page."""
    site = project / "site"
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    files = sum(1 for p in site.rglob("*") if p.is_file())
    pages = sorted((p.stat().st_size, p) for p in site.glob("[0-9][0-9][0-9][0-9]/*/*/*/index.html"))
    median_size, median_page = pages[len(pages) // 2] if pages else (0, None)
    return {"site_bytes": total, "site_files": files, "briefing_pages": len(pages),
            "briefing_page_bytes": median_size,
            "briefing_page_max_bytes": pages[-1][0] if pages else 0,
            "briefing_page": str(median_page.relative_to(site).parent) + "/" if median_page else None}


def search_download(project: Path, page_url: str, query: str) -> dict:
    """Bytes a reader's browser fetches to run one query, from focusing the search box to the results.

    Measured in Chromium (Playwright) when it is installed: every search file fetched from the page
    load on (Material's index and worker, or the chunked index's script and files); not the page itself.
    """
    import functools
    import http.server
    import threading

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright not installed"}
    if not Path("/usr/bin/chromium").exists():
        return {"error": "/usr/bin/chromium not installed"}

    # The audit's server: text gzip-compressed when the browser accepts it, as GitHub Pages serves it.
    spec = importlib.util.spec_from_file_location("briefing_audit", ROOT / "audit" / "run.py")
    audit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(audit)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(audit.QuietHandler, directory=str(project / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    fetched: list[tuple[str, int]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            # Material fetches its whole index when the page loads, the chunked index its files as the reader types:
            # count every search file from the page load on.
            page.on("requestfinished", lambda request: fetched.append((request.url, request.sizes()["responseBodySize"])))
            page.goto(base + page_url)
            page.wait_for_load_state("networkidle")
            box = page.locator("input.md-search__input")
            box.click()
            box.press_sequentially(query, delay=30)
            page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)
            results = page.locator(".md-search-result__item").count()
            first = page.locator(".md-search-result__item").first.inner_text()[:100]
            browser.close()
    finally:
        httpd.shutdown()
    fetched = [(url, size) for url, size in fetched if any(part in url for part in SEARCH_FILES)]
    files = [project / "site" / url.replace(base, "").split("?")[0] for url, _ in fetched]
    raw = sum(path.stat().st_size for path in files if path.is_file())
    return {"bytes": sum(size for _, size in fetched), "bytes_uncompressed": raw, "requests": len(fetched), "query": query,
            "results_shown": results, "first_result": first,
            "largest": sorted(((size, url.replace(base, "/")) for url, size in fetched), reverse=True)[:3]}


def typical_query(project: Path, page_url: str) -> str:
    """A query a reader might type: the longest word of the typical briefing's headline."""
    import frontmatter

    source = project / "content" / (page_url.rstrip("/") + ".md")
    title = frontmatter.load(source)["title"]
    words = sorted((w.strip(".,:;'\"()") for w in title.split()), key=len, reverse=True)
    return words[0].lower() if words else "oil"


# ---------------------------------------------------------------- one size, end to end

def bench_size(size: int | None, jobs: int, workdir: Path, floor: bool, search: bool, executor: str = "local") -> dict:
    label = "all" if size is None else str(size)
    records = read_corpus(size)
    project = make_project(workdir / f"archive-{label}", records)
    say(f"[{label}] cold build of {len(records)} articles (jobs={jobs})")
    cold = run_child("build", project, jobs, executor)
    say(f"[{label}] cold: {json.dumps(cold)}")
    figures = site_figures(project)
    say(f"[{label}] cold {cold['total']:.1f}s; {WARM_RUNS} warm rebuilds, each after one new article")
    os.sync()  # the cold build's site (800 MB at full size) reaches the disk first, not during the rebuild
    runs = []
    for number in range(WARM_RUNS):
        with open(project / "seeds" / "new.jsonl", "a", encoding="utf-8") as out:
            out.write(json.dumps(new_article(size, number), ensure_ascii=False) + "\n")
        runs.append(run_child("build", project, jobs, executor))
        say(f"[{label}] warm {number + 1}: {json.dumps(runs[-1])}")
    warm = sorted(runs, key=lambda run: run["total"])[len(runs) // 2]  # the median: one run swings with the machine
    warm["runs"] = [run["total"] for run in runs]
    say(f"[{label}] site: {json.dumps(figures)}")
    result = {"size": label, "articles": len(records), "cold": cold, "warm": warm, "site": figures}
    if search and figures["briefing_page"]:
        query = typical_query(project, figures["briefing_page"])
        say(f"[{label}] search download for {query!r}")
        result["search"] = search_download(project, figures["briefing_page"], query)
        say(f"[{label}] search: {json.dumps(result['search'])}")
    if floor:
        say(f"[{label}] floor: bare spaCy NER pass")
        result["floor"] = run_child("floor", project, jobs)
    shutil.rmtree(project, ignore_errors=True)
    return result


def say(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def print_result(r: dict, baseline: dict | None) -> None:
    cold, warm, site = r["cold"], r["warm"], r["site"]
    n = cold["briefings"] or 1
    print(f"\n== {r['size']} articles: {cold['briefings']} briefings, {cold['pages']} generated files, "
          f"{cold['entities']:,} entities ({cold['entity_pages']:,} with a page), jobs={cold['jobs']}, "
          f"executor={cold.get('executor', 'local')}")
    print("stage      " + " ".join(f"{s:>9}" for s in STAGES) + "      total")
    for name, run in (("cold", cold), ("warm", warm)):
        t = run["timings"]
        print(f"{name:<10} " + " ".join(f"{t.get(s, 0.0):9.2f}" for s in STAGES) + f"  {run['total']:9.2f} s")
    print(f"cold: generator {cold['generator']:.1f} s + mkdocs {cold['timings']['mkdocs']:.1f} s = {cold['total']:.1f} s; "
          f"{cold['articles'] / cold['total']:.1f} articles/s end to end, "
          f"{cold['articles'] / cold['generator']:.1f} articles/s generator; "
          f"{1000 * cold['total'] / n:.1f} ms per briefing")
    print(f"cold CPU time: generator {cold['cpu']['generator']:.1f} s + mkdocs {cold['cpu']['mkdocs']:.1f} s; "
          f"mkdocs in {cold.get('mkdocs_processes', 1)} process(es); "
          f"search: {cold['search_engine']} (index {cold['search_index_seconds']:.1f} s, inside render)")
    runs = ", ".join(f"{seconds:.2f}" for seconds in warm.get("runs", [warm["total"]]))
    built = warm.get("site_build", {})
    print(f"warm (one new article, the median of whole rebuilds taking {runs} s): analysed {warm['analysed']}, "
          f"reused {warm['cached']}, pages rewritten {warm['pages_written']}; "
          f"whole rebuild {warm['total']:.2f} s = {100 * warm['total'] / cold['total']:.1f}% of the cold build "
          f"(generator {warm['generator']:.2f} s = {100 * warm['generator'] / cold['generator']:.1f}% of cold "
          f"generator; site {warm['timings']['mkdocs']:.2f} s = "
          f"{100 * warm['timings']['mkdocs'] / cold['timings']['mkdocs']:.1f}% "
          f"of cold site: {built.get('rendered')} files rendered or copied, {built.get('kept')} kept)")
    mem = cold["memory_mb"]
    print(f"peak memory (cold): main process {mem['self']:,} MB, largest child process {mem['largest_child']:,} MB "
          f"(spaCy or MkDocs workers); warm main {warm['memory_mb']['self']:,} MB")
    print(f"site: {kb(site['site_bytes'])} in {site['site_files']:,} files; typical briefing page "
          f"{kb(site['briefing_page_bytes'])} (largest {kb(site['briefing_page_max_bytes'])}): {site['briefing_page']}")
    if "floor" in r:
        f = r["floor"]
        print(f"floor: bare spaCy {'+'.join(f['pipes'])} over {f['texts']} texts, n_process={f['n_process']}: "
              f"{f['seconds']:.1f} s ({f['cpu']:.1f} s CPU); cold build / floor = {cold['total'] / f['seconds']:.2f}x "
              f"(generator alone {cold['generator'] / f['seconds']:.2f}x; CPU time "
              f"{(cold['cpu']['generator'] + cold['cpu']['mkdocs']) / f['cpu']:.2f}x)")
    if "search" in r:
        s = r["search"]
        if "error" in s:
            print(f"search: not measured ({s['error']})")
        else:
            print(f"search: one query ({s['query']!r}) downloads {kb(s['bytes'])} in {s['requests']} requests "
                  f"(text gzip-compressed as GitHub Pages serves it; {kb(s.get('bytes_uncompressed', 0))} uncompressed), "
                  f"{s['results_shown']} results shown; largest {s['largest']}")
    if baseline and baseline is not r:
        b = baseline["cold"]
        ratio = (cold["total"] / n) / (b["total"] / (b["briefings"] or 1))
        cpu_ratio = (sum(cold["cpu"].values()) / n) / (sum(b["cpu"].values()) / (b["briefings"] or 1))
        page_ratio = site["briefing_page_bytes"] / (baseline["site"]["briefing_page_bytes"] or 1)
        print(f"vs {baseline['size']}: cost per briefing {ratio:.2f}x (CPU time {cpu_ratio:.2f}x), "
              f"typical page size {page_ratio:.2f}x")


def print_worker_rate(args: argparse.Namespace) -> None:
    """``--worker-rate``: each executor's workers' CPU per article, one executor after the other on the same texts."""
    with tempfile.TemporaryDirectory(prefix="briefing-bench-", dir=args.workdir) as tmp:
        project = make_project(Path(tmp) / "worker-rate", read_corpus(args.worker_rate))
        for executor in (spec.strip() for spec in args.executor.split(",") if spec.strip()):
            r = run_child("worker-rate", project, args.jobs, executor)
            per_article = 1000 * (r["analyse_cpu"] + r["summarise_cpu"]) / r["articles"]
            print(f"{executor}: {r['articles']} articles on {r['workers']} workers: analyse "
                  f"{1000 * r['analyse_cpu'] / r['articles']:.1f} + summarise {1000 * r['summarise_cpu'] / r['articles']:.1f}"
                  f" = {per_article:.1f} ms of a worker's CPU per article ({1000 / per_article:.0f} articles per CPU "
                  f"second); wall {r['analyse_seconds']:.1f} + {r['summarise_seconds']:.1f} s")


def print_executors(r: dict, anchor: dict) -> None:
    """One executor's cold build against the first executor's, built just before it on the same slice."""
    cold, base = r["cold"], anchor["cold"]
    print(f"{cold['executor']} vs {base['executor']} (cold, same slice, built one after the other): whole build "
          f"{cold['total'] / base['total']:.2f}x ({cold['total']:.1f} s vs {base['total']:.1f} s), generator "
          f"{cold['generator'] / base['generator']:.2f}x, CPU time {sum(cold['cpu'].values()) / sum(base['cpu'].values()):.2f}x "
          f"({sum(cold['cpu'].values()):.1f} s vs {sum(base['cpu'].values()):.1f} s); analyse + summarise "
          f"{_per_article(cold):.1f} s vs {_per_article(base):.1f} s; peak memory of the building process "
          f"{cold['memory_mb']['self']:,} MB vs {base['memory_mb']['self']:,} MB")


def _per_article(run: dict) -> float:
    return run["timings"].get("analyse", 0.0) + run["timings"].get("summarise", 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,all", help="comma-separated article counts, 'all' = whole corpus")
    parser.add_argument("--jobs", type=int, default=0, help="spaCy processes (0 = one per core)")
    parser.add_argument("--executor", default="local", help="where the per-article stages run: local, dask-local or "
                        "dask://HOST:PORT (README: Beyond one machine); several, comma-separated, are built one after "
                        "the other for each size and compared with the first")
    parser.add_argument("--no-floor", action="store_true", help="skip the bare spaCy pass")
    parser.add_argument("--no-search", action="store_true", help="skip the browser search measurement")
    parser.add_argument("--workdir", help="where to build (default: a temporary folder, removed after)")
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument("--speedup", type=int, metavar="N",
                        help="instead: time the analyse stage on N articles with 1 and --jobs processes")
    parser.add_argument("--worker-rate", type=int, metavar="N",
                        help="instead: analyse and summarise N articles on --executor's workers; their CPU per article")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--project", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure = {"build": measure_build, "floor": measure_floor, "speedup": measure_speedup,
                   "worker-rate": measure_worker_rate}[args.child]
        print(json.dumps(measure(Path(args.project), args.jobs, args.executor)))
        return
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    if args.speedup:
        with tempfile.TemporaryDirectory(prefix="briefing-bench-", dir=args.workdir) as tmp:
            project = make_project(Path(tmp) / "speedup", read_corpus(args.speedup))
            result = run_child("speedup", project, args.jobs)
        one, many = result["1"], result[max(result, key=int)]
        print(f"analyse {one['texts']} articles: 1 process {one['seconds']:.1f} s, {max(result, key=int)} processes "
              f"{many['seconds']:.1f} s: speedup {one['seconds'] / many['seconds']:.2f}x "
              f"(CPU {one['cpu']:.1f} s vs {many['cpu']:.1f} s)")
        return
    if args.worker_rate:
        print_worker_rate(args)
        return
    sizes = [None if s.strip() == "all" else int(s) for s in args.sizes.split(",") if s.strip()]
    executors = [spec.strip() for spec in args.executor.split(",") if spec.strip()]
    results = []
    with tempfile.TemporaryDirectory(prefix="briefing-bench-", dir=args.workdir) as tmp:
        for size in sizes:
            for number, executor in enumerate(executors):
                floor = not args.no_floor and number == 0  # the floor and search do not depend on the executor
                results.append(bench_size(size, args.jobs, Path(tmp), floor, not args.no_search and number == 0,
                                          executor))
                print_result(results[-1], results[0] if number == 0 else None)
                if number:
                    print_executors(results[-1], results[-1 - number])
                sys.stdout.flush()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
