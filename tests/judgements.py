"""Our judgements of some seed articles: which sentences state the point, which must never appear.

The judgements (tests/data/seed_judgements.toml) name sentences by short keys; the articles are
read from ../shared/seeds and split as the pipeline splits them (monitor.pages).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from monitor.analysis.summary.candidates import article_sentences, rejection
from monitor.analysis.summary.dangling import is_dangling
from monitor.analysis.summary.sentences import Tokenizer
from monitor.models import Article
from monitor.sources.pages.split import split_text

JUDGEMENTS = Path(__file__).resolve().parent / "data" / "seed_judgements.toml"


@dataclass(frozen=True)
class Judged:
    article: Article
    point: tuple[str, ...]  # keys of sentences that state the article's point
    never: tuple[str, ...]  # keys of sentences that must never be in its summary


def judged_articles(seeds: Path) -> list[Judged]:
    """Each judged article, the first split article whose title starts with the judged title."""
    articles = [
        article
        for page in sorted(seeds.glob("*.txt"))
        for article in split_text(page.read_text(encoding="utf-8"), page.name)
    ]
    found = []
    for entry in tomllib.loads(JUDGEMENTS.read_text(encoding="utf-8"))["article"]:
        article = next(a for a in articles if a.title.startswith(entry["title"]))
        found.append(Judged(article, tuple(entry["point"]), tuple(entry["never"])))
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


def holding(summary: tuple[str, ...], keys: tuple[str, ...]) -> list[str]:
    """The summary's sentences that contain one of the keys."""
    return [s for s in summary if any(key in flat(s) for key in keys)]


def flaws(summary: tuple[str, ...], text: str, analysis: bool) -> list[str]:
    """Why each of the summary's sentences that does not stand alone fails: the reason the
    cleaning rejects it for; "a quotation" (in an analysis piece, part of a quotation of several
    sentences; in news, the rest of one without its opening); or "leans back" (it points back
    and the sentence before it in the article is not right before it in the summary)."""
    flat_text = flat(text)
    marked = [(flat(s.text), s.quotation) for s in article_sentences(Tokenizer().paragraphs(text))]
    quoted = {s for s, quotation in marked if quotation and (analysis or quotation == "continues")}
    found = []
    sentences = tuple(flat(s) for s in summary)
    for before, sentence in zip(("",) + sentences, sentences, strict=False):
        opens = flat_text.startswith(sentence)
        follows = opens or bool(before and f"{before} {sentence}" in flat_text)
        if rejection(sentence) is not None:
            found.append(str(rejection(sentence)))
        elif sentence in quoted and (analysis or not follows):
            found.append("a quotation")
        elif is_dangling(sentence, analysis) and not follows:
            found.append("leans back")
    return found
