"""Render a digest with Jinja2 (HTML autoescaped, Markdown escaped, plain text)."""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from monitor.digest.select import Digest
from monitor.errors import InputError
from monitor.models import Region, StoredArticle
from monitor.watch.highlight import Span
from monitor.watch.section import WatchSection

TEMPLATES = {"html": "digest.html.j2", "markdown": "digest.md.j2", "text": "digest.txt.j2"}
#: An immediate alert: the mail's HTML part and its plain-text part.
ALERT_TEMPLATES = {"html": "alert.html.j2", "text": "alert.txt.j2"}
SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
#: Markdown's inline markup characters get a backslash; HTML's become entities (one pass).
_MARKDOWN_CHARS = str.maketrans(
    {**{c: "\\" + c for c in "\\`*_[]|~"}, "&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
_MARKDOWN_BULLET = re.compile(r"^(\s*)([#+-])", re.MULTILINE)
_MARKDOWN_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def templates_dir() -> Path:
    """``monitor/templates`` in an installed wheel, the top-level ``templates/`` in a checkout."""
    here = Path(__file__).resolve().parent
    package = here.parent  # monitor/
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / TEMPLATES["html"]).is_file():
            return candidate
    raise FileNotFoundError("monitor's templates are missing: reinstall the package")


def format_for(path: Path | None, explicit: str | None) -> str:
    """The output format: ``--format``, else from the file's suffix, else Markdown."""
    if explicit:
        return explicit
    if path is None:
        return "markdown"
    try:
        return SUFFIX_FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(
            f"cannot tell the format of {path} from its suffix",
            "name it .html, .md or .txt, or pass --format",
        ) from None


class Renderer:
    """Jinja2 environments compiled once and reused for every digest. Compiled templates are
    also kept in Jinja2's own bytecode cache (a folder of the user's own in the system's
    temporary folder, checked against each template's source), so a one-shot command does not
    compile them again at every run.

    ``labels``: the names the digest gives its regions (``[regions] labels``)."""

    def __init__(
        self, directory: Path | None = None, labels: Mapping[Region, str] | None = None
    ) -> None:
        loader = jinja2.FileSystemLoader(directory or templates_dir())
        self._envs = {fmt: self._environment(loader, fmt == "html") for fmt in TEMPLATES}
        for fmt, env in self._envs.items():
            env.filters["marked"] = partial(marked, fmt=fmt)
        names = {**{region: region.label for region in Region}, **(labels or {})}
        for env in self._envs.values():
            env.filters.update(label=names.__getitem__, why=partial(why_here, labels=names))

    @staticmethod
    def _environment(loader: jinja2.BaseLoader, html: bool) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=loader,
            bytecode_cache=_bytecode_cache(),
            autoescape=html,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters.update(
            day=day, md=markdown_escape, safe_url=safe_url, when=when, why=why_here, wrap=wrap
        )
        return env

    def render(self, digest: Digest, fmt: str) -> str:
        template = self._envs[fmt].get_template(TEMPLATES[fmt])
        return template.render(digest=digest)

    def render_alert(
        self, watchlist: Sequence[WatchSection], created: datetime, tz: tzinfo, fmt: str
    ) -> str:
        """An immediate alert: the new hits of each rule, as the Watchlist section shows them."""
        template = self._envs[fmt].get_template(ALERT_TEMPLATES[fmt])
        return template.render(watchlist=watchlist, created=created, tz=tz)


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja2's cache of compiled templates, where a file that cannot be read (damaged, cut
    short) or written (a full disk) only means compiling the template again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 (whatever a damaged file raises: compiled again)
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@functools.cache
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The cache in Jinja2's own folder for it (the user's, in the temporary folder), or none
    when that cannot be made."""
    try:
        return CompiledTemplates()
    except (OSError, RuntimeError):  # no usable temporary folder: compile every time
        return None


def markdown_escape(text: str | None) -> str:
    """Text that Markdown (and any HTML it is turned into) shows literally."""
    escaped = (text or "").translate(_MARKDOWN_CHARS)
    escaped = _MARKDOWN_BULLET.sub(r"\1\\\2", escaped)
    return _MARKDOWN_NUMBERED.sub(r"\1\\\2", escaped)


def marked(spans: Sequence[Span], fmt: str) -> str:
    """Text with its matched terms marked: ``<mark>`` in HTML (the rest escaped), ``**term**``
    in Markdown (the rest escaped), ``*term*`` in plain text. The text is untrusted."""
    if fmt == "html":
        return Markup("").join(
            Markup("<mark>%s</mark>") % s.text if s.marked else escape(s.text) for s in spans
        )
    if fmt == "markdown":
        return "".join(
            f"**{markdown_escape(s.text)}**" if s.marked else markdown_escape(s.text)
            for s in spans
        )
    return "".join(f"*{s.text}*" if s.marked else s.text for s in spans)


def wrap(text: str, width: int = 76, indent: str = "") -> str:
    """Words filled greedily into lines of at most ``width`` characters (a longer word gets a
    line of its own, unbroken), each line prefixed with ``indent``. Much cheaper than textwrap."""
    lines: list[str] = []
    current: list[str] = []
    length = -1
    for word in text.split():
        if current and length + 1 + len(word) > width:
            lines.append(" ".join(current))
            current, length = [], -1
        current.append(word)
        length += 1 + len(word)
    if current:
        lines.append(" ".join(current))
    return "\n".join(indent + line for line in lines)


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None: feeds are untrusted."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in {"http", "https"} and parts.netloc else None


def when(moment: datetime | None, tz: tzinfo | None = None) -> str:
    """``03 Dec 2026 07:00 +05``: a moment in ``tz`` (the digest's time zone), if given."""
    if moment is None:
        return ""
    local = moment.astimezone(tz) if tz is not None else moment
    return local.strftime("%d %b %Y %H:%M %Z").strip()


def day(moment: datetime | None, tz: tzinfo | None = None) -> str:
    """``3 Dec 2026``: the local date of a moment in ``tz``."""
    if moment is None:
        return ""
    local = moment.astimezone(tz) if tz is not None else moment
    return f"{local.day} {local:%b %Y}"


def why_here(
    article: StoredArticle, limit: int = 6, labels: Mapping[Region, str] | None = None
) -> str:
    """A short "why here" line: the heaviest terms that counted for the article's own regions
    (for an article in none, the places outside them), not those of regions it was not put in."""
    own = set(article.classification.regions) or {Region.OTHER}
    evidence = [e for e in article.classification.evidence if e.region in own]
    items = sorted(evidence, key=lambda e: -e.weight)[:limit]
    name = labels or {}
    return ", ".join(f"{e.term} ({name.get(e.region, e.region.label)}) ×{e.count}" for e in items)
