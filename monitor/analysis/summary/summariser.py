"""Extractive summaries, offline, ranked by our LexRank or one of sumy's algorithms.

The article is read into paragraphs and sentences as sumy's plain-text parser reads it, with our
offline tokenizer (``Tokenizer.paragraphs``). Sentences that are page furniture or lean on what a
summary's reader does not have (a figure, the article's own method, a prayer, a feed's cut-off
excerpt) are removed first (``candidates``, ``outside``); the rest are ranked by the chosen
algorithm and picked best first within the sentence count and the word budget, skipping
near-repeats (``selection``), then put back in document order. A sentence that points back
(``dangling``) or goes on with a quotation (``quotation``) is taken only right after the sentence
before it, or when no other sentence can be.

``default`` is position-aware LexRank: LexRank centrality (numpy, ``lexrank``) combined with a
lead prior, a bonus for opening a paragraph and overlap with the title. A long piece in
paragraphs is read as analysis, whose opening is often context and whose point is the author's:
the lead counts less, the title more, words of judgement, scene details and someone else's
reported words (``thesis``) and the closing fifth count too, a quotation is never chosen, and a
pronoun or "And" opening a sentence points back.
The other names rank with plain LexRank, the lead, or one of sumy's algorithms.
"""

from __future__ import annotations

import logging
import pkgutil
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from monitor.analysis.summary.candidates import Sentence, article_sentences, rejection
from monitor.analysis.summary.dangling import is_dangling
from monitor.analysis.summary.lexrank import centrality, cosine_matrix
from monitor.analysis.summary.quotation import mostly_quoted
from monitor.analysis.summary.selection import REPEAT, best_first, cut, select, spread
from monitor.analysis.summary.sentences import Tokenizer
from monitor.analysis.summary.stemming import english_stemmer
from monitor.analysis.summary.terms import Terms, skipping_own_stems
from monitor.analysis.summary.thesis import reports_words, sets_a_scene, states_a_judgement
from monitor.config.load import SUMMARY_ALGORITHMS

log = logging.getLogger(__name__)
__all__ = ["REPEAT", "Summariser", "Weights"]  # REPEAT: the selection's, read by tests

LANGUAGE = "english"
MAX_RANKED = 400  # candidate sentences ranked by numpy LexRank ("default", "lexrank")
MAX_RANKED_SUMY = 120  # candidate sentences ranked by sumy's pure-Python algorithms, except:
MAX_RANKED_SLOW = {"kl": 40, "lsa": 60}  # cubic or worse in the candidates: ~1 s at 120


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """sumy's English stop words, as ``sumy.utils.get_stop_words`` reads them (that module
    imports requests: a tenth of a second at every start)."""
    data = pkgutil.get_data("sumy", f"data/stopwords/{LANGUAGE}.txt") or b""
    return frozenset(w.rstrip() for w in data.decode("utf-8").splitlines() if w)


@dataclass(frozen=True)
class Weights:
    """How the default ranking combines its signals (the benchmark shows each one's effect)."""

    lead: float = 1.0  # (1 + position among the candidates) ** -decay
    decay: float = 1.0
    centrality: float = 0.1  # LexRank score, scaled so the most central sentence has 1
    title: float = 0.15  # share of the title's terms the sentence contains
    opens: float = 0.1  # the sentence opens a paragraph
    defer_dangling: bool = True  # "This", "However", "But", "It"... only after their antecedent
    clean: bool = True  # leave out furniture, questions, list items, fragments
    # Analysis pieces (this many words or more, in paragraphs): the opening is often context.
    analysis_words: int | None = 800  # None: every article is read as news
    analysis_paragraphs: int = 5
    analysis_lead: float = 0.1  # the lead prior's weight there
    analysis_title: float = 0.3
    judgement: float = 0.2  # a word of judgement or consequence ("the key", "is likely")
    scene: float = 0.3  # subtracted: a dated event, a measured quantity, an attributed quote
    speech: float = 0.3  # subtracted: someone's words reported ("he said", "described as")
    conclusion: float = 0.1  # the sentence is in the last fifth of the piece


class Summariser:
    """Built once; ``summarise`` returns sentences in document order, the same each run (sumy's
    LSA excepted: its word order, and so at times its choice, follows the process's hash seed)."""

    def __init__(
        self,
        sentences: int = 3,
        max_words: int | None = 75,
        algorithm: str = "default",
        *,
        weights: Weights = Weights(),
        eager: bool = False,
    ):
        """``eager``: import now what some articles need later (NLTK's stemmer), as a process
        that forks workers or summarises many articles wants; else at the first such word."""
        if algorithm not in SUMMARY_ALGORITHMS:
            raise ValueError(f"unknown summary algorithm {algorithm!r}")
        self.sentences = sentences
        self.max_words = max_words
        self.algorithm = algorithm
        self.weights = weights
        self._tokenizer = Tokenizer()
        self._stem = lru_cache(maxsize=65536)(skipping_own_stems(english_stemmer(eager)))
        self._terms = Terms(self._stem, _stop_words(), self._tokenizer.to_words)

    def summarise(self, text: str, title: str = "") -> tuple[str, ...]:
        analysis = is_analysis(text, self.weights)
        pool = self._candidates(text, title, analysis)
        if not pool:
            return ()
        terms = [self._terms(s.text) for s in pool]
        cosine = cosine_matrix(terms)
        ranking = self._rank(pool, terms, cosine, title, analysis)
        leans_back = lambda i: _leans_back(pool[i], analysis)  # noqa: E731
        dangling = leans_back if self.weights.defer_dangling else None
        chosen = select(ranking, pool, cosine, self.sentences, self.max_words, dangling)
        if not chosen and self.max_words:  # the budget is smaller than every sentence
            return (cut(pool[ranking[0]].text, self.max_words),)
        return tuple(pool[i].text for i in sorted(chosen))

    def _candidates(self, text: str, title: str, analysis: bool) -> list[Sentence]:
        """The sentences that may be chosen, bounded in number (the text itself is not cut)."""
        every = list(article_sentences(self._tokenizer.paragraphs(text)))
        pool = [s for s in every if _clean(s, analysis) or not self.weights.clean]
        if not pool:  # only overlong sentences are clean otherwise: one, shortened, is better
            pool = [s for s in every if rejection(s.text) == "too long"]
        limit = _ranking_limit(self.algorithm)
        if len(pool) > limit:
            log.info(
                "%s: ranking %d of %d candidate sentences (the first half, then evenly spread)",
                title[:60] or "untitled article",
                limit,
                len(pool),
            )
            pool = spread(pool, limit)
        return pool

    def _rank(
        self,
        pool: list[Sentence],
        terms: list[list[str]],
        cosine: np.ndarray,
        title: str,
        analysis: bool,
    ) -> list[int]:
        """Indexes into ``pool``, best first; ties keep document order."""
        if self.algorithm == "lead":
            return list(range(len(pool)))
        if self.algorithm == "lexrank":
            return best_first(centrality(cosine))
        if self.algorithm == "default":
            scores = self._default_scores(pool, terms, cosine, title, analysis)
            return best_first(scores)
        return self._sumy_ranking(pool, title)

    def _default_scores(
        self,
        pool: list[Sentence],
        terms: list[list[str]],
        cosine: np.ndarray,
        title: str,
        analysis: bool,
    ) -> np.ndarray:
        central = centrality(cosine)
        central = central / (central.max() or 1.0)
        title_terms = set(self._terms(title))
        overlap = np.array(
            [len(title_terms & set(t)) / len(title_terms) if title_terms else 0.0 for t in terms]
        )
        order = np.arange(len(pool), dtype=float)
        lead = (1.0 + order) ** -self.weights.decay
        opens = np.array([1.0 if s.in_paragraph == 0 else 0.0 for s in pool])
        w = self.weights
        if not analysis:
            return w.lead * lead + w.centrality * central + w.title * overlap + w.opens * opens
        base = w.analysis_lead * lead + w.centrality * central + w.analysis_title * overlap
        return base + w.opens * opens + _analysis_scores(pool, w)

    def _sumy_ranking(self, pool: list[Sentence], title: str) -> list[int]:
        from monitor.analysis.summary.sumy_ranking import sumy_ranking

        texts = [s.text for s in pool]
        return sumy_ranking(
            self.algorithm, texts, title, self._stem, _stop_words(), self._tokenizer
        )


def _clean(sentence: Sentence, analysis: bool) -> bool:
    """Whether the sentence may be in a summary: not rejected; in an analysis piece, whose point
    is the author's, not a quotation (of several sentences, or most of its words)."""
    if rejection(sentence.text) is not None:
        return False
    return not analysis or (sentence.quotation is None and not mostly_quoted(sentence.text))


def _leans_back(sentence: Sentence, analysis: bool) -> bool:
    """Whether the sentence needs the one before it: it points back, or goes on with a quote."""
    return sentence.quotation == "continues" or is_dangling(sentence.text, analysis)


def is_analysis(text: str, w: Weights) -> bool:
    """A long piece in paragraphs is read as analysis; a short or unbroken one as news."""
    if w.analysis_words is None or len(text.split()) < w.analysis_words:
        return False
    return sum(1 for paragraph in text.split("\n\n") if paragraph.strip()) >= w.analysis_paragraphs


def _analysis_scores(pool: list[Sentence], w: Weights) -> np.ndarray:
    """Judgement words and the closing fifth count for a sentence, a scene's details against."""
    last = max(s.index for s in pool) or 1
    return np.array(
        [
            w.judgement * states_a_judgement(s.text)
            - w.scene * sets_a_scene(s.text)
            - w.speech * reports_words(s.text)
            + w.conclusion * (s.index / last >= 0.8)
            for s in pool
        ]
    )


def _ranking_limit(algorithm: str) -> int:
    if algorithm in ("default", "lexrank", "lead"):
        return MAX_RANKED
    return MAX_RANKED_SLOW.get(algorithm, MAX_RANKED_SUMY)
