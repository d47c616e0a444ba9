"""numpy LexRank against sumy's LexRankSummarizer (the reference) on evaluation articles."""

import json
from itertools import islice

import numpy as np
import pytest
from paths import SUMMARY_EVAL, require_shared
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

from monitor.analysis.summary.lexrank import cosine_matrix, lexrank
from monitor.analysis.summary.sentences import Tokenizer

EVAL = SUMMARY_EVAL
TOKENIZER = Tokenizer()
STEM = Stemmer("english")
STOP = frozenset(get_stop_words("english"))


def _articles(name: str, count: int) -> list[str]:
    path = require_shared(EVAL / f"{name}_dev.jsonl")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in islice(lines, count)]


def _terms(sentence) -> list[str]:
    words = (w.lower() for w in sentence.words)
    return [STEM(w) for w in words if w not in STOP]


@pytest.mark.parametrize("name", ["cnndm", "bbc"])
def test_numpy_lexrank_picks_the_same_sentences_as_sumy(name):
    reference = LexRankSummarizer(STEM)
    reference.stop_words = STOP
    for text in _articles(name, 8):
        sentences = PlaintextParser.from_string(text, TOKENIZER).document.sentences
        expected = [
            str(s) for s in reference(PlaintextParser.from_string(text, TOKENIZER).document, 3)
        ]
        scores = lexrank([_terms(s) for s in sentences])
        best = sorted(sorted(range(len(sentences)), key=lambda i: -scores[i])[:3])
        assert [str(sentences[i]) for i in best] == expected


def test_cosine_matches_sumys_idf_modified_cosine():
    text = _articles("cnndm", 1)[0]
    sentences = PlaintextParser.from_string(text, TOKENIZER).document.sentences[:12]
    terms = [_terms(s) for s in sentences]
    summarizer = LexRankSummarizer(STEM)
    tf = summarizer._compute_tf(terms)
    idf = summarizer._compute_idf(terms)
    expected = np.array(
        [
            [
                summarizer.cosine_similarity(a, b, ta, tb, idf)
                for b, tb in zip(terms, tf, strict=True)
            ]
            for a, ta in zip(terms, tf, strict=True)
        ]
    )
    assert np.allclose(cosine_matrix(terms), expected)


def test_isolated_and_empty_sentences():
    assert lexrank([]).size == 0
    scores = lexrank([[], ["rail"], ["gas"]])
    assert len(scores) == 3 and np.isfinite(scores).all()
    assert scores[1] == pytest.approx(scores[2])
