"""The ``briefing`` command line: a thin layer over ``build.generate``.

Like ``mkdocs``, it acts on the project in the current folder (mkdocs.yml,
seeds/, content/, site/), so one machine can keep several archives.
"""

from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click
from rich.console import Console
from rich.markup import escape

from . import __version__
from .analyse import ModelError
from .build import BuildReport, briefings_for, build_archive, executor_for, generate, project_lock
from .site_build import mkdocs_build, mkdocs_hook_files, search_engine
from .config import Config, ConfigError, load_config
from .executor import Executor
from .extract import extract_record
from .faults import explain, is_fault
from .ingest import ingest
from . import permalinks
from .permalinks import PermalinkError
from .stories import sketch
from .writer import LockedError

err = Console(stderr=True, highlight=False, soft_wrap=True)


def _config(project: str) -> Config:
    try:
        return load_config(project)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def _print_problems(report_problems) -> None:
    for problem in report_problems:
        style = "red" if problem.severity == "error" else "yellow"
        # File names and messages quote the input: escaped, so "[red]" in them is text, not rich markup.
        err.print(f"[{style}]{problem.severity}[/{style}] {escape(str(problem.origin))}: {escape(problem.message)}",
                  markup=True)


def _print_notes(notes) -> None:
    for note in notes:
        err.print(f"[yellow]note[/yellow] {escape(note)}", markup=True)


def _finish(report: BuildReport, strict: bool) -> None:
    _print_notes(report.notes)
    _print_problems(report.problems)
    summary = (f"{report.briefings} briefings ({report.analysed} analysed, {report.cached} from cache), "
               + (f"{report.folded} folded into a newer version of their story, " if report.folded else "")
               + f"{report.entity_pages} entity pages, {len(report.errors)} skipped with errors")
    err.print(summary)
    if strict and report.problems:
        raise click.ClickException(f"--strict: {len(report.problems)} problem(s) in the input")


def _run_generate(config: Config, paths, executor: Executor, strict, locked: bool = False) -> BuildReport:
    try:
        with err.status("generating") as status:
            report = generate(config, [Path(p) for p in paths] or None, progress=status.update, locked=locked,
                              executor=executor)
    except (LockedError, ModelError, PermalinkError) as exc:
        raise click.ClickException(str(exc)) from exc
    except Exception as exc:
        if is_fault(exc):  # a full disk, a size limit, a read-only folder: the machine's doing, said plainly
            raise click.ClickException(explain(exc, config, "generate")) from exc
        raise
    _finish(report, strict)
    return report


def _executor(config: Config, jobs: int | None, spec: str | None) -> Executor:
    """The one executor of a command (``--jobs``, ``--executor``), said plainly if its cluster cannot be used."""
    from .dask_executor import ExecutorError

    try:
        return executor_for(config, jobs, spec)
    except ExecutorError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def _locked(config: Config) -> Iterator[None]:
    """Hold the project's build lock for a whole command, or say that another build holds it."""
    try:
        with project_lock(config):
            yield
    except LockedError as exc:
        raise click.ClickException(str(exc)) from exc


def _run_mkdocs(config: Config, executor: Executor, locked: bool = False, full: bool = False) -> None:
    try:
        with err.status("mkdocs build"):
            mk_config = mkdocs_build(config, jobs=executor, locked=locked, full=full)
    except Exception as exc:
        if is_fault(exc):
            raise click.ClickException(explain(exc, config, "site")) from exc
        raise
    _print_site(mk_config)


def _print_site(mk_config) -> None:
    built = (getattr(mk_config, "extra", None) or {}).get("briefing_site") or {}
    if built and not built.get("full"):
        err.print(f"site: {built['rendered']} files rendered again, {built['kept']} unchanged")


project_option = click.option("--project", "-p", default=".", show_default=True,
                              help="Project folder (where mkdocs.yml is).")
jobs_option = click.option("--jobs", "-j", type=int, default=None,
                           help="Worker processes (default: extra.briefing.jobs, 0 = one per core).")
executor_option = click.option("--executor", "-e", "executor_spec", default=None,
                               metavar="local|dask-local|dask://HOST:PORT",
                               help="Where the per-article stages run (default: extra.briefing.executor, local).")
strict_option = click.option("--strict", is_flag=True, help="Exit non-zero if any input has a problem.")
full_option = click.option("--full", is_flag=True,
                           help="Render every page of the site again (by default only what changed since the "
                                "last build).")


@click.group()
@click.version_option(__version__, prog_name="briefing")
def cli() -> None:
    """Turn dated news articles into a searchable briefing site (MkDocs + Material)."""


@cli.command("generate")
@click.argument("paths", nargs=-1, type=click.Path())
@project_option
@jobs_option
@executor_option
@strict_option
def generate_command(paths, project, jobs, executor_spec, strict) -> None:
    """Write content/ from the seeds (or PATHS), without building the site."""
    config = _config(project)
    with _executor(config, jobs, executor_spec) as executor:
        _run_generate(config, paths, executor, strict)
    err.print(f"pages in {config.docs_path}")


def _command(name: str) -> str:
    """How to run ``briefing NAME`` from here: ``briefing`` when the PATH finds this install's, else its path
    (``.venv/bin/briefing`` after ``make site``), else ``python -m generator``."""
    import os
    import shutil

    script = Path(sys.executable).parent / "briefing"
    if not script.exists():
        return f"{sys.executable} -m generator {name}"
    found = shutil.which("briefing")
    if found and Path(found).resolve() == script.resolve():
        return f"briefing {name}"
    relative = os.path.relpath(script)
    return f"{script if relative.startswith('..') else relative} {name}"


@cli.command("build")
@click.argument("paths", nargs=-1, type=click.Path())
@project_option
@jobs_option
@executor_option
@strict_option
@full_option
def build_command(paths, project, jobs, executor_spec, strict, full) -> None:
    """Generate content/, then run mkdocs build into site/ (rendering again only what changed)."""
    config = _config(project)
    # one executor for every stage, MkDocs' shards included; the whole build locked: no other may start meanwhile
    with _executor(config, jobs, executor_spec) as executor, _locked(config):
        _run_generate(config, paths, executor, strict, locked=True)
        _run_mkdocs(config, executor, locked=True, full=full)
    err.print(f"site built in {config.site_path}")
    err.print(f"preview it with: {_command('serve')}   (a local server with search; the files alone need "
              "BRIEFING_OFFLINE=true at build time)")


@cli.command("deploy")
@project_option
@jobs_option
@executor_option
@click.option("--message", "-m", default=None, help="Commit message for the gh-pages branch.")
@click.option("--force", is_flag=True, help="Force-push the gh-pages branch.")
@full_option
def deploy_command(project, jobs, executor_spec, message, force, full) -> None:
    """Generate, build and publish site/ to the gh-pages branch (mkdocs gh-deploy)."""
    from .site_build import mkdocs_deploy

    config = _config(project)
    if not config.site_url:
        err.print("[yellow]warning[/yellow] site_url is not set in mkdocs.yml: feeds, citations and the "
                  "sitemap will use site-relative links (set it to https://USER.github.io/REPO/)", markup=True)
    with _executor(config, jobs, executor_spec) as executor, _locked(config):
        _run_generate(config, (), executor, False, locked=True)
        with err.status("mkdocs gh-deploy"):
            mkdocs_deploy(config, message=message, force=force, jobs=executor, locked=True, full=full)
    err.print("pushed site/ to the gh-pages branch")


@cli.command("serve")
@project_option
@jobs_option
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve_command(project, jobs, dev_addr) -> None:
    """Generate, then serve the site, regenerating when the seeds change.

    A site searched with the chunked index (a large one) is rebuilt "dirty":
    MkDocs renders again only the pages the generator rewrote (a new article
    rewrites about a hundred of tens of thousands) and copies the index
    files it rewrote. Material's search indexes only the pages a build
    renders, so a small site is rebuilt in full.
    """
    from mkdocs.commands.serve import serve

    from . import mkdocs_hooks, site_shards

    config = _config(project)
    with _executor(config, jobs, "local") as executor:
        _run_generate(config, (), executor, False)
    mkdocs_hooks.generated(config)  # the server's first build need not generate again
    _show_mkdocs_log()  # "Serving on http://...", each rebuild and its time
    dirty = search_engine(config) == "chunked"
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(site_shards.QuietDirty())
    serve(
        config_file=str(config.root / "mkdocs.yml"),
        watch=[str(p) for p in config.seed_paths if p.exists()],
        hooks=[mkdocs_hooks.__file__, *mkdocs_hook_files()],
        dev_addr=dev_addr,
        build_type="dirty" if dirty else None,
    )


def _show_mkdocs_log() -> None:
    """Print MkDocs' messages from INFO up, as ``mkdocs serve`` does (MkDocs sets this up in its own CLI only)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
@project_option
@strict_option
def check_command(paths, project, strict) -> None:
    """Validate the input articles and report problems; build nothing."""
    config = _config(project)
    from .clean import clean
    from .entities_overrides import load_overrides
    from .models import Problem

    result = ingest([Path(p) for p in paths] or config.seed_paths, base=config.root, limits=config.ingest_limits)
    problems = list(result.problems)
    for article in result.articles:
        if not clean(article).paragraphs:
            problems.append(Problem(article.origin, "no text left after removing junk and captions"))
    try:  # an id that was published for another story: build would refuse the article
        published, recorded = permalinks.load_all(config.root / permalinks.FILE)
    except PermalinkError as exc:
        raise click.ClickException(str(exc)) from exc
    stories = {a.id: sketch(a.title, a.text) for a in result.articles}
    problems.extend(permalinks.refusals(result.articles, published, recorded, stories).values())
    unusable = len(problems) - len(result.problems)
    problems.extend(load_overrides(config.entities_path)[1])  # what build would report about entities.yml
    _print_problems(problems)
    errors = [p for p in problems if p.severity == "error"]
    err.print(f"{len(result.articles) - unusable} articles ok, {len(errors)} with errors, "
              f"{len(problems) - len(errors)} warnings")
    if errors or (strict and problems):
        sys.exit(1)


@cli.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@project_option
@jobs_option
@executor_option
def extract_command(paths, project, jobs, executor_spec) -> None:
    """Print one JSON object per article in PATHS (no site needed)."""
    root = Path(project).resolve()
    try:
        config = load_config(root) if (root / "mkdocs.yml").is_file() else Config(root=root)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    report = BuildReport()
    result = ingest([Path(p) for p in paths], limits=config.ingest_limits)
    report.problems.extend(result.problems)
    with _executor(config, jobs, executor_spec) as executor:
        try:
            briefings = briefings_for(result.articles, config, report, executor)
        except ModelError as exc:
            raise click.ClickException(str(exc)) from exc
        archive = build_archive(briefings, config, report, jobs=executor)
    _print_notes(report.notes)
    _print_problems(report.problems)
    out = sys.stdout
    for briefing in briefings:
        out.write(json.dumps(extract_record(briefing, archive), ensure_ascii=False) + "\n")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
