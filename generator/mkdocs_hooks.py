"""MkDocs hook for ``briefing serve``: regenerate content/ before each rebuild.

Only a convenience: the generator is a standalone step, and this hook just
calls it when ``mkdocs serve`` sees a change in the seeds. Unchanged pages
are not rewritten, so the regeneration does not trigger another rebuild.
MkDocs loads hook files outside their package, hence the absolute imports.
"""

from __future__ import annotations

import logging
from pathlib import Path

from generator.build import generate
from generator.config import load_config

log = logging.getLogger("mkdocs.briefing")


def on_pre_build(config, **kwargs) -> None:
    report = generate(load_config(Path(config.config_file_path).parent))
    for problem in report.problems:
        log.warning(str(problem))
    if report.analysed:
        log.info("briefing: analysed %d new or changed articles", report.analysed)
