"""Audit the built site with the tools web developers trust: Lighthouse and the Nu HTML Checker.

Serves ``site/`` on localhost, runs Lighthouse (default mobile run, Debian's
chromium via CHROME_PATH) on the home page, a briefing, an entity page and the
timeline, and the Nu HTML Checker (vnu.jar, with Java) on every page. Exits
non-zero when a score is under its threshold or a page has a validation error
that comes from our templates or content. Errors that come from the Material
theme's own markup are listed with their line but do not fail the audit.

Usage: python audit/run.py [SITE_DIR]   (``make audit`` builds the site first)
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = HERE / "node_modules" / ".bin"
VNU_JAR = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REPORTS = HERE / "reports"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
THRESHOLDS = {"performance": 0.90, "accessibility": 0.95, "best-practices": 0.95, "seo": 0.95}

# Validation errors caused by markup that Material's own templates print, not
# by our templates or content: (what the flagged line contains, Material template
# that prints it). They are listed with page, line and template, never hidden.
MATERIAL_MARKUP = [
    ('class="md-toggle"', "base.html"),        # autocomplete="off" on its hidden checkboxes
    ('for="__toc"', "partials/toc.html"),      # TOC label on a page outside the nav: no __toc box
]
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that gzips text like any production web server does."""

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.endswith("/"):
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def audited_pages(site: Path) -> dict[str, str]:
    """The four kinds of page the issue names, as site-relative URLs."""
    briefing = min(p for p in site.glob("[0-9][0-9][0-9][0-9]/*/*/*/index.html"))
    entity = min(p for p in site.glob("entities/*/index.html"))
    return {
        "home": "",
        "briefing": briefing.parent.relative_to(site).as_posix() + "/",
        "entity": entity.parent.relative_to(site).as_posix() + "/",
        "timeline": "timeline/",
    }


def lighthouse(url: str, out: Path) -> dict:
    """One default (mobile) Lighthouse run; returns the JSON report."""
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run(
        [str(BIN / "lighthouse"), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=performance,accessibility,best-practices,seo",
         "--chrome-flags=--headless --no-sandbox"],
        check=True, env=env,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def failing_audits(report: dict, category: str) -> list[str]:
    refs = report["categories"][category]["auditRefs"]
    lines = []
    for ref in refs:
        audit = report["audits"][ref["id"]]
        if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 0.9:
            lines.append(f"    {audit['id']}: {audit['score']} {audit.get('displayValue', '')}".rstrip())
    return lines


def run_lighthouse(site: Path) -> bool:
    httpd, base = serve(site)
    ok = True
    REPORTS.mkdir(exist_ok=True)
    try:
        print(f"Lighthouse {subprocess.run([str(BIN / 'lighthouse'), '--version'], capture_output=True, text=True).stdout.strip()}"
              f" (mobile, {CHROME})")
        print(f"{'page':10} " + " ".join(f"{c:>15}" for c in THRESHOLDS))
        for name, path in audited_pages(site).items():
            report = lighthouse(f"{base}/{path}", REPORTS / f"lighthouse-{name}.json")
            scores = {c: report["categories"][c]["score"] for c in THRESHOLDS}
            print(f"{name:10} " + " ".join(f"{scores[c]:>15.2f}" for c in THRESHOLDS) + f"   /{path}")
            for category, minimum in THRESHOLDS.items():
                if scores[category] is None or scores[category] < minimum:
                    ok = False
                    print(f"  {category} under {minimum}:")
                    print("\n".join(failing_audits(report, category)))
    finally:
        httpd.shutdown()
    return ok


def run_vnu(site: Path) -> bool:
    """Validate every HTML page; our errors fail, Material's are listed."""
    pages = sorted(str(p) for p in site.rglob("*.html"))
    result = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *pages],
                            capture_output=True, text=True, check=True)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    ours: list[str] = []
    theirs: dict[str, list[str]] = {}
    for message in messages:
        if message.get("type") != "error":
            continue
        where = f"{Path(message['url'].removeprefix('file:')).relative_to(site)}:{message.get('lastLine', '?')}"
        extract = " ".join(message.get("extract", "").split())
        origin = next((template for mark, template in MATERIAL_MARKUP if mark in extract), None)
        if origin:
            theirs.setdefault(f"{message['message']} [Material {origin}: {extract}]", []).append(where)
        else:
            ours.append(f"{where}: {message['message']}: {extract}")
    print(f"Nu HTML Checker: {len(pages)} pages, {len(ours)} errors from our templates or content, "
          f"{sum(map(len, theirs.values()))} from Material's own markup")
    for line in ours[:100]:
        print("  ours:", line)
    for text, places in theirs.items():
        print(f"  material, {len(places)} pages (e.g. {places[0]}): {text}")
    return not ours


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else "site").resolve()
    if not (site / "index.html").exists():
        print(f"{site} has no index.html: build the site first (make site)", file=sys.stderr)
        return 2
    if not BIN.joinpath("lighthouse").exists() or not VNU_JAR.exists():
        print("audit tools missing: run `npm ci --prefix audit`", file=sys.stderr)
        return 2
    valid = run_vnu(site)
    fast = run_lighthouse(site)
    return 0 if valid and fast else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
