"""The site step protected like the generate step (issue 28): one build at a time, and site/ whole or old."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from conftest import ROOT
from generator import cli as cli_module
from generator.build import generate
from generator.site_build import mkdocs_build
from generator.config import load_config
from generator.writer import LockedError, build_lock


def _site(root):
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _lock_is_free(path) -> bool:
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def test_a_second_build_during_the_first_ones_mkdocs_phase_is_refused(project, monkeypatch):
    config = load_config(project)
    generate(config)
    lock = config.cache_path / "build.lock"
    with build_lock(lock):  # as a first build would hold it
        with pytest.raises(LockedError, match="another briefing build"):
            mkdocs_build(config)
    assert not (project / "site").exists()

    seen = []
    mkdocs_build(config)
    (project / "site" / ".git").mkdir()  # MkDocs never deletes hidden files in site/: nor does the swap
    (project / "site" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    mkdocs_build(config)
    assert (project / "site" / ".git" / "HEAD").is_file() and (project / "site" / "index.html").is_file()
    monkeypatch.setattr(cli_module, "mkdocs_build",
                        lambda config, jobs=None, locked=False, full=False: seen.append(_lock_is_free(lock)))
    result = CliRunner().invoke(cli_module.cli, ["build", "--project", str(project), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert seen == [False]  # `briefing build` still held the lock while MkDocs ran


@pytest.mark.slow
def test_a_build_killed_during_mkdocs_leaves_the_old_site_and_the_next_recovers(project):
    config = load_config(project)
    generate(config)
    mkdocs_build(config)
    before = _site(project)
    assert "index.html" in before
    (project / "seeds" / "000_4d44e1a7d75e83ce.txt").unlink()  # the next build has something to change
    command = [sys.executable, "-m", "generator", "build", "--jobs", "1", "--project", str(project)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    staging, index = project / ".site.briefing-new", project / "site" / "index.html"
    deadline = time.monotonic() + 300
    # MkDocs has started writing: into the staging folder (or, before, straight into an emptied site/)
    while process.poll() is None and time.monotonic() < deadline:
        if (staging.is_dir() and any(staging.rglob("*.html"))) or not index.exists():
            break
        time.sleep(0.005)
    assert process.poll() is None, "the build ended before MkDocs wrote a page: nothing to kill"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert _site(project) == before
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    assert not staging.exists() and not (project / ".site.briefing-old").exists()
    assert _site(project) != before and (project / "site" / "index.html").is_file()


def test_a_build_killed_between_the_two_renames_gets_its_old_site_back(tmp_path):
    from generator.site_swap import recover, staged_site

    site = tmp_path / "site"
    (tmp_path / ".site.briefing-old" / ".git").mkdir(parents=True)  # the old site, renamed aside...
    (tmp_path / ".site.briefing-old" / "index.html").write_text("old home", encoding="utf-8")
    (tmp_path / ".site.briefing-new").mkdir()  # ...the new one not yet in place, its .git moved into it
    (tmp_path / ".site.briefing-old" / ".git").rename(tmp_path / ".site.briefing-new" / ".git")
    recover(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "old home" and (site / ".git").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    with staged_site(site) as staging:
        staging.mkdir()
        (staging / "index.html").write_text("new home", encoding="utf-8")
    assert (site / "index.html").read_text(encoding="utf-8") == "new home" and (site / ".git").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_site_folder_that_is_a_symbolic_link_stays_a_link_and_its_target_gets_the_new_site(tmp_path):
    """``site`` linked to a web server's folder (``site -> /srv/www/briefing``): the folder it leads to is
    swapped, the link kept; renaming the link aside and deleting it with rmtree raised, and left a plain folder."""
    from generator.site_swap import staged_site

    served = tmp_path / "srv" / "briefing"
    served.mkdir(parents=True)
    (served / "index.html").write_text("old home", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "site").symlink_to(served)
    with staged_site(project / "site") as staging:
        staging.mkdir()
        (staging / "index.html").write_text("new home", encoding="utf-8")
    assert (project / "site").is_symlink() and (project / "site").resolve() == served
    assert (served / "index.html").read_text(encoding="utf-8") == "new home"
    assert sorted(p.name for p in project.iterdir()) == ["site"] and sorted(p.name for p in served.parent.iterdir()) == ["briefing"]


def test_a_site_folder_that_is_a_mount_point_is_built_in_place(tmp_path, monkeypatch):
    """``site`` a volume of its own (a container's bind mount, a tmpfs) cannot be renamed (EBUSY): MkDocs
    builds into it as it always did (the real tmpfs case: test_hostile_machine_28's full disk under site/)."""
    from pathlib import Path

    from generator.site_swap import staged_site

    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(Path, "is_mount", lambda self: self == site)
    with staged_site(site) as staging:
        assert staging == site
