"""The stage declarations (``generator/stages.py``) against the code: what a stage's modules import, read
from the config and from the package's data must be declared, or a change there would leave stale results."""

from __future__ import annotations

import ast
import dataclasses
import sys
from functools import lru_cache
from importlib.metadata import packages_distributions

import pytest

from generator import stages
from generator.build import generate
from generator.config import Config, load_config
from generator.stages import PACKAGE, PLUMBING, STAGES

CONFIG_FIELDS = {f.name for f in dataclasses.fields(Config)}


@lru_cache(maxsize=None)
def _tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))


def project_imports(tree: ast.Module) -> set[str]:
    """The project modules a module imports, at its top or inside a function (``from . import x``,
    ``from .x import y``, ``import generator.x``)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("generator."))
    return {name for name in found if (PACKAGE / f"{name}.py").is_file()}


def imported_closure(modules) -> set[str]:
    """``modules`` and every project module they import, transitively (not through the plumbing)."""
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(m for m in project_imports(_tree(module)) if m not in PLUMBING)
    return seen


def config_reads(tree: ast.Module) -> set[str]:
    """The ``Config`` fields a module reads as ``config.X`` or ``cfg.X``."""
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name) and node.value.id in ("config", "cfg") and node.attr in CONFIG_FIELDS}


def data_named(tree: ast.Module) -> set[str]:
    """Files of the package a module names: a string naming a file in ``data/``, ``templates/`` for a module
    that loads templates (names ``TEMPLATES``)."""
    files = {path.name for path in (PACKAGE / "data").iterdir()}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in files:
            found.add(f"data/{node.value}")
        elif isinstance(node, ast.Name) and node.id == "TEMPLATES":
            found.add("templates/briefing.md.j2")
    return found


def imported_packages(tree: ast.Module) -> set[str]:
    """The installed distributions a module imports (normalised names)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    distributions = _distributions()
    return {_normal(d) for name in names if name not in sys.stdlib_module_names and name != "generator"
            for d in distributions.get(name, [name])}


@lru_cache(maxsize=1)
def _distributions() -> dict[str, list[str]]:
    return packages_distributions()


def _normal(package: str) -> str:
    return package.lower().replace("_", "-")


def undeclared(name: str) -> dict[str, set[str]]:
    """What stage ``name``'s modules import or read that it does not declare, by kind (empty sets if none)."""
    modules = stages.declared(name, "modules")
    settings = set(stages.declared(name, "config")) | set(stages.declared(name, "reads"))
    data = {path.relative_to(PACKAGE).as_posix() for pattern in stages.declared(name, "data")
            for path in PACKAGE.glob(pattern)}
    packages = {_normal(p) for p in stages.declared(name, "packages")}
    return {
        "modules": imported_closure(modules) - set(modules),
        "config": {f for m in modules for f in config_reads(_tree(m))} - settings,
        "data": {f for m in modules for f in data_named(_tree(m))} - data,
        "packages": {p for m in modules for p in imported_packages(_tree(m))} - packages,
    }


@pytest.mark.parametrize("name", sorted(STAGES))
def test_a_stage_declares_every_module_setting_data_file_and_package_its_modules_use(name):
    missing = {kind: names for kind, names in undeclared(name).items() if names}
    assert not missing, f"stages.STAGES[{name!r}] does not declare {missing}: add them to its declaration"


def test_a_stage_missing_a_module_its_modules_import_is_caught(monkeypatch):
    summary = STAGES["summary"]  # summarise.py calls results.find_results
    monkeypatch.setitem(STAGES, "summary", dataclasses.replace(
        summary, modules=tuple(m for m in summary.modules if m != "results")))
    assert undeclared("summary")["modules"] == {"results"}


def test_a_module_imported_only_inside_a_function_counts():
    tree = ast.parse("def sketch():\n    from .stories import sketch as s\n    return s\n")
    assert project_imports(tree) == {"stories"}


def test_a_config_read_or_data_file_a_stage_does_not_declare_is_caught():
    tree = ast.parse("def settings(config):\n    return config.summary_words, data_lines('outlets.txt'), cfg.root\n")
    assert config_reads(tree) == {"summary_words", "root"}
    assert data_named(tree) == {"data/outlets.txt"}
    declared = STAGES["summary"].config
    assert "summary_words" in declared and "root" not in declared


def test_every_config_field_is_an_input_of_a_stage_or_said_not_to_shape_results():
    declared = {f for stage in STAGES.values() for f in (*stage.config, *stage.reads)}
    assert declared <= CONFIG_FIELDS and set(stages.NOT_INPUTS) <= CONFIG_FIELDS  # no misspelt field
    assert not declared & set(stages.NOT_INPUTS)
    assert CONFIG_FIELDS - declared - set(stages.NOT_INPUTS) == set()


def test_declared_modules_data_and_includes_exist_and_plumbing_imports_only_plumbing():
    for name, stage in STAGES.items():
        assert all((PACKAGE / f"{m}.py").is_file() for m in stage.modules), name
        assert all(list(PACKAGE.glob(pattern)) for pattern in stage.data), name
        assert set(stage.includes) <= set(STAGES), name
    for module in PLUMBING:
        assert project_imports(_tree(module)) <= set(PLUMBING), module


def test_a_stage_version_follows_its_own_inputs_and_its_includes_only(monkeypatch):
    before = {name: stages.version(name) for name in STAGES}
    edited = PACKAGE / "data" / "first_names.txt"
    digest = stages._file_digest
    monkeypatch.setattr(stages, "_file_digest", lambda path: "edited" if path == edited else digest(path))
    stages.version.cache_clear()
    try:
        after = {name: stages.version(name) for name in STAGES}
    finally:
        stages.version.cache_clear()
    assert {name for name in STAGES if after[name] != before[name]} == {"grouping", "name_slugs", "memo"}


def test_settings_join_the_declared_fields_and_stand_ins():
    config = Config(root=PACKAGE, summary_sentences=2, summary_words=60, key_points=4, model="en_model")
    assert stages.settings("summary", config) == "summary_sentences=2;summary_words=60;key_points=4"
    assert stages.settings("analysis", config, model="en_model-3.8.0") == "model=en_model-3.8.0"
    assert stages.settings("stories", config) == ""


@pytest.fixture
def remade(project, monkeypatch):
    """A function rebuilding the seed project with one declared input edited (a package file by its path, or
    config fields); it returns the paths whose page was made again, the articles analysed and the briefings
    summarised. Each edit is undone by a plain rebuild before the next."""
    from generator import build

    config = load_config(project)
    baseline = dict(generate(config).render.fingerprints)
    summarised: list[int] = []
    summarise_many = build.summarise_stage.summarise_many
    monkeypatch.setattr(build.summarise_stage, "summarise_many",
                        lambda pairs, *a: summarised.append(len(pairs)) or summarise_many(pairs, *a))
    digest = stages._file_digest

    def rebuild(edited: str | None = None, **fields) -> tuple[set[str], int, int]:
        summarised.clear()
        if edited:  # the file's content as hashed is another: as if it had been edited
            monkeypatch.setattr(stages, "_file_digest", lambda p: "edited" if p == PACKAGE / edited else digest(p))
        stages.version.cache_clear()
        try:
            report = generate(dataclasses.replace(config, **fields))
        finally:
            monkeypatch.setattr(stages, "_file_digest", digest)
            stages.version.cache_clear()
        made = {path for path, (fingerprint, _) in report.render.fingerprints.items()
                if baseline.get(path, [None])[0] != fingerprint}
        undone = generate(config)
        assert undone.analysed == 0 and dict(undone.render.fingerprints) == baseline
        return made, report.analysed, sum(summarised)

    return rebuild


@pytest.mark.slow
def test_editing_each_kind_of_declared_input_makes_again_the_pages_that_follow_from_it_and_no_others(remade, project):
    pages = {str(p.relative_to(project / "content")) for p in (project / "content").rglob("*")
             if p.suffix in (".md", ".html") and p.name != "about.md"}  # about.md is the project's own page
    briefing_pages = {p for p in pages if p[:4].isdigit()}
    entity_pages = {p for p in pages if p.startswith("entities/") and p != "entities/index.md"}
    assert len(briefing_pages) == 2 and entity_pages

    assert remade() == (set(), 0, 0)  # nothing edited: nothing made again
    assert remade("cli.py") == (set(), 0, 0)  # in no stage
    # A template shapes every page, and no per-article result.
    assert remade("templates/briefing.md.j2") == (pages, 0, 0)
    # A data file of the entity grouping: the pages made of the briefings' entities, not the lists of briefings.
    assert remade("data/first_names.txt") == (briefing_pages | entity_pages, 0, 0)
    # A setting that reaches one page as data: that page alone.
    assert remade(latest_count=1) == ({"index.md"}, 0, 0)
    # The URL form (an offline build): every page's links, and no data file (their URLs are the published ones).
    assert remade(offline=True) == (pages, 0, 0)
    # A setting of the summary: both briefings summarised again (not analysed), and the pages showing summaries.
    made, analysed, summarised = remade(summary_words=40)
    assert (analysed, summarised) == (0, 2)
    assert briefing_pages | {"index.md", "timeline.md"} <= made and not any(p.startswith("b/") for p in made)
    # A module of the analysis: both articles analysed again.
    assert remade("analyse.py")[1:] == (2, 2)
