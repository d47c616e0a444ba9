"""Extractive summaries with sumy, offline; the only module that imports sumy."""

from __future__ import annotations

from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

from monitor.sentences import Tokenizer

LANGUAGE = "english"


class Summariser:
    """Built once; ``summarise`` returns sentences in document order, deterministically."""

    def __init__(self, sentences: int = 3, max_words: int | None = 75, algorithm: str = "default"):
        self.sentences = sentences
        self.max_words = max_words
        self.algorithm = algorithm
        self._tokenizer = Tokenizer()
        self._summarizer = LexRankSummarizer(Stemmer(LANGUAGE))
        self._summarizer.stop_words = get_stop_words(LANGUAGE)

    def summarise(self, text: str, title: str = "") -> tuple[str, ...]:
        document = PlaintextParser.from_string(text, self._tokenizer).document
        if not document.sentences:
            return ()
        chosen = [str(s) for s in self._summarizer(document, self.sentences)]
        return _within_words(chosen, self.max_words)


def _within_words(sentences: list[str], max_words: int | None) -> tuple[str, ...]:
    if max_words is None:
        return tuple(sentences)
    kept: list[str] = []
    used = 0
    for sentence in sentences:
        words = len(sentence.split())
        if kept and used + words > max_words:
            break
        kept.append(sentence)
        used += words
    return tuple(kept)
