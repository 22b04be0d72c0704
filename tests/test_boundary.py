"""The model stays at the boundary: only ``analyse`` knows spaCy's labels, and the rest reads the project's types."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from generator import analyse, extract
from generator.config import Config
from generator.models import Kind

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
ONTONOTES = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE",
             "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
"""spaCy's English entity labels (the OntoNotes 5 scheme of every ``en_core_web_*`` model)."""
BOUNDARY = GENERATOR / "analyse.py"  # loads the model and maps its labels


def _modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(GENERATOR.rglob("*.py"))]


def _public_figure_kinds(tree: ast.Module) -> set[int]:
    """The lines of ``extract.FIGURE_KINDS``: the public record's frozen names, which are spaCy's words."""
    return {line for node in tree.body if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "FIGURE_KINDS" for t in node.targets)
            for line in range(node.lineno, node.end_lineno + 1)}


def test_no_module_but_analyse_names_a_spacy_label():
    found = []
    for path, tree in _modules():
        if path == BOUNDARY:
            continue
        allowed = _public_figure_kinds(tree) if path.name == "extract.py" else set()
        found += [f"{path.relative_to(GENERATOR)}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and node.value in ONTONOTES and node.lineno not in allowed]
    assert not found, "spaCy labels outside analyse.py (use models.Kind):\n" + "\n".join(found)


def test_no_module_but_analyse_imports_spacy():
    found = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            found += [f"{path.relative_to(GENERATOR)}:{node.lineno}: {name}" for name in names
                      if name.split(".")[0] == "spacy" and path != BOUNDARY]
    assert not found, "spaCy imported outside analyse.py:\n" + "\n".join(found)


def test_every_label_of_the_installed_model_has_a_project_type():
    spacy = pytest.importorskip("spacy")
    model = Config.__dataclass_fields__["model"].default
    try:
        package = spacy.util.get_package_path(model)
    except (ModuleNotFoundError, OSError):
        pytest.skip(f"{model} is not installed")
    meta = json.loads((package / "meta.json").read_text(encoding="utf-8"))
    labels = set(meta["labels"]["ner"])
    assert labels == ONTONOTES
    kinds = {label: analyse.kind_of(label) for label in labels}
    assert Kind.OTHER not in kinds.values()
    assert len(set(kinds.values())) == len(labels)  # no two labels merged: every stage still tells them apart
    assert analyse.kind_of("SOMETHING_NEW") == Kind.OTHER


def test_figure_kinds_keep_their_public_names_in_extract():
    """The model's amount labels, mapped to the project's types, come out of ``extract`` as they always did."""
    for label in ("CARDINAL", "PERCENT", "QUANTITY", "MONEY"):
        assert extract.FIGURE_KINDS[analyse.kind_of(label)] == label
