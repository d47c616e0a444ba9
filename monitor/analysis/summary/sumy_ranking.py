"""The ranking by one of sumy's algorithms (``textrank``, ``lsa``, ``luhn``, ``edmundson``,
``kl``, ``sumbasic``, ``reduction``); the only module that imports sumy's summarizers, and only
when such an algorithm is configured (importing them costs more than a short article's summary).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from monitor.analysis.summary.sentences import Tokenizer

_SUMY = {
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "edmundson": EdmundsonSummarizer,
    "kl": KLSummarizer,
    "sumbasic": SumBasicSummarizer,
    "reduction": ReductionSummarizer,
}


def sumy_ranking(
    algorithm: str,
    texts: list[str],
    title: str,
    stem: Callable[[str], str],
    stop_words: Collection[str],
    tokenizer: Tokenizer,
) -> list[int]:
    """Indexes into ``texts`` (the candidate sentences), best first, as sumy ranks them."""
    summarizer = _SUMY[algorithm](stem)
    summarizer.stop_words = stop_words
    if isinstance(summarizer, EdmundsonSummarizer):
        summarizer.null_words = stop_words
        summarizer.bonus_words = tokenizer.to_words(title) or ("said",)
        summarizer.stigma_words = ("click", "subscribe", "photo", "advertisement")
    sentences = [SumySentence(text, tokenizer) for text in texts]
    document = ObjectDocumentModel((Paragraph(sentences),))
    position = {sentence: n for n, sentence in reversed(list(enumerate(sentences)))}
    ranked: list[int] = []

    def capture(infos: Sequence) -> Sequence:
        ranked.extend(position[info.sentence] for info in infos)
        return infos[:0]

    summarizer(document, capture)
    return ranked
