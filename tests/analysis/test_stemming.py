"""The stemmer in C gives NLTK's English Snowball stems: on every word of the summary
evaluation texts, on those words with each English suffix put on, on invented words, and on
the kinds of word where the two are known to part (which must go to NLTK)."""

import random

from nltk.stem.snowball import EnglishStemmer
from paths import summary_records

from monitor.analysis.summary.sentences import Tokenizer
from monitor.analysis.summary.stemming import english_stemmer, is_plain_for_c

NLTK = EnglishStemmer().stem
STEM = english_stemmer()
SUFFIXES = (
    "", "s", "es", "ed", "ing", "ly", "ness", "ization", "izations", "isation", "ational",
    "ation", "ations", "ment", "ful", "ous", "ive", "ize", "ise", "ism", "ist", "ity", "ities",
    "able", "ible", "al", "ally", "er", "ers", "est", "li", "bli", "logi", "fulness", "ousness",
    "iveness", "tional", "enci", "anci", "alli", "entli", "eli", "ousli", "ator", "alism",
    "aliti", "iviti", "biliti", "icate", "ative", "alize", "iciti", "ical", "ant", "ence",
    "ance", "ent", "ion", "ate", "ated", "ating", "ying", "ies", "ied", "eed", "eedly", "ingly",
    "edly", "izer", "ationally",
)  # fmt: skip


def _words() -> set[str]:
    tokenizer = Tokenizer()
    return {
        word.lower()
        for record in summary_records(60)
        for word in tokenizer.to_words(record["title"] + "\n" + record["text"])
    }


def test_every_word_of_the_texts_gets_nltks_stem():
    words = _words()
    assert [STEM(w) for w in sorted(words)] == [NLTK(w) for w in sorted(words)]
    assert sum(map(is_plain_for_c, words)) > len(words) / 2  # the C stemmer does most


def test_words_with_every_suffix_get_nltks_stem():
    draw = random.Random(21)
    bases = sorted(w for w in _words() if w.isalpha())
    bases = draw.sample(bases, 400) + ["organ", "univers", "emerg", "bbc", "x", "cessation"]
    words = {base[:cut] + suffix for base in bases for cut in (None, -1) for suffix in SUFFIXES}
    differ = [w for w in sorted(words) if STEM(w) != NLTK(w)]
    assert differ == []


def test_invented_words_get_nltks_stem():
    draw = random.Random(5)
    letters = "aeiouybcdfgklmnprstwxz'’-1"
    words = {"".join(draw.choices(letters, k=draw.randint(1, 12))) for _ in range(20_000)}
    assert [w for w in sorted(words) if STEM(w) != NLTK(w)] == []


def test_where_c_and_nltk_part_the_word_goes_to_nltk():
    for word in ("realization", "organizers", "cessationally", "bbcated", "x-rated", "it’s"):
        assert not is_plain_for_c(word)
        assert STEM(word) == NLTK(word)
    assert is_plain_for_c("university") and STEM("university") == NLTK("university")
