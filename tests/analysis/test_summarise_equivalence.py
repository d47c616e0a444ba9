"""The summariser's fast structures say what the plain ones they replace said: the thesis cues
(patterns that skip to word starts instead of trying every letter), the paragraph reader (sumy's
plain-text parser without its objects), the word, sentence-end and furniture patterns, and the
stemmer that skips words which are their own stems, over evaluation and seed texts and invented
edge cases. The seed text is read from ../shared/seeds at test time; nothing of it is copied."""

import random
import re

from nltk.stem.snowball import EnglishStemmer
from paths import summary_records
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser

from monitor.analysis.summary import candidates, sentences
from monitor.analysis.summary.candidates import ends_a_sentence, rejection
from monitor.analysis.summary.sentences import Tokenizer
from monitor.analysis.summary.terms import is_own_stem, skipping_own_stems
from monitor.analysis.summary.thesis import sets_a_scene, states_a_judgement
from monitor.sources.pages.split import split_text

TOKENIZER = Tokenizer()

# The plain patterns (before the fast ones), searched in the lower-cased sentence.
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"
)
PLAIN_DETAIL = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}\b|\b(?:in|on|since|by|of)\s+{_MONTH}\b"
    r"|\b(?:in|since|by) (?:the )?(?:early |late |mid-)?(?:1[89]|20)\d\d\b"
    r"|\b(?:last|this|next) (?:week|month|year|weekend|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|summer|winter|spring|autumn)\b"
    r"|\bon (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b\d[\d,. ]*\s*(?:kg|km|tonnes|per cent|percent|%|million|billion)"
    r"|\bturn(?:s|ed)\s+(?:\d+|twenty|thirty|forty|fifty|a hundred|100)\b"
    r"|[”\"],?\s+(?:said|says|according to)\b",
)
PLAIN_THESIS = re.compile(
    r"\b(?:argues?|argued|contends?|concludes?|the (?:key|central|real|main|core|crucial)"
    r"|dilemma|challenge|(?:is|are|remains?|seems?|appears?) (?:\w+ )?(?:likely|unlikely|unclear"
    r"|clear|crucial|essential|necessary|insufficient)|it is clear|must|should|needs? to"
    r"|is going to|will (?:have|need|require|be|lack|expect)|suggests?|highlights?|shows?"
    r"|in fact|in reality|ultimately|rather than|not (?:only|aimed|clear)|the (?:problem|question"
    r"|issue|point|fact) (?:is|lies|remains))\b"
)

EDGE_CASES = [
    "",
    "March 3 was the day.",  # a cue at the very start
    "Must we?",
    '"Yes," said the mayor.',  # a quote mark first
    "”, said she",
    "It ended on 3 may",  # a cue at the very end
    "Mustard is not a must-have.",
    "The amount rose to 12,5 million.",
    "Sales rose 4%.",
    "Sales rose ٤ per cent in ١٩٩٨.",  # other scripts' digits are digits too
    "Since the mid-1990s it has grown.",
    "by 2019 it was clear",
    "A dec. 5 meeting and a Sept 12 vote.",
    "Mumbai_march 3 and x_the key.",  # an underscore is a word character
    "(Last week) the challenge; [in fact] it shows.",
    "The\tkey\nissue is remains.",
    "Unclear, unlikely: is very likely.",
    "He argued. She argues; they contend.",
    "Schools should rather than must.",
    "On\x1cmarch\x1f3 it shows\x1dclear.",  # separators: whitespace to Python, not to ASCII mode
    "It is\x1elikely that 40\x1fkm.",
    "\u212aelvin said: on monday\u2028it appears unlikely.",  # a Kelvin sign lower-cases to k
    "Naïve: “Yes”, said the 5\xa0million.",
]


TEXTS = [
    "",
    "\n\n  \n",
    "One line only",
    "HEADING FIRST\nThen a line. And another one.\n\nA second paragraph.",
    "A line.\nIN CAPITALS MID-PARAGRAPH\nMore text here. Yes.\nNEXT\n\n\n\nLast one.",
    "ONLY A HEADING\n\nTHEN ANOTHER\n\nText. Here.",
    "Text ending with a heading.\nFINAL WORDS",
    "Windows lines.\r\nStill one paragraph.\r\n\r\nNow two.",
    "  indented line one.\n\tindented two!  \n \nA 2nd paragraph? Yes. 中文 ABC 中文.",
    "- a list item. Another.\n\n1) Numbered. Item.\n\nPlain again.",
    "Mr. Smith met Dr. Jones in the U.S. The talks went on.\nNo. 5 was next.",
    "Page\fbreak and\x1cseparators\u2028count as line ends.\u2029Yes.",
]


def _sentences() -> list[str]:
    found = list(EDGE_CASES)
    for record in summary_records(150):
        found += [record["title"], *TOKENIZER.to_sentences(record["text"])]
    return found


def test_the_thesis_cues_find_what_the_plain_patterns_find():
    sentences = _sentences()
    scenes = [bool(PLAIN_DETAIL.search(s.lower())) for s in sentences]
    judgements = [bool(PLAIN_THESIS.search(s.lower())) for s in sentences]
    assert [sets_a_scene(s) for s in sentences] == scenes
    assert [states_a_judgement(s) for s in sentences] == judgements
    assert 100 < sum(scenes) < len(sentences) - 100  # both answers are well represented
    assert 100 < sum(judgements) < len(sentences) - 100


def _sumy_paragraphs(text: str) -> list[list[str]]:
    document = PlaintextParser.from_string(text, TOKENIZER).document
    return [[str(s) for s in p.sentences if not s.is_heading] for p in document.paragraphs]


def test_paragraphs_are_read_as_sumy_reads_them(seeds_dir):
    texts = TEXTS + [record["text"] for record in summary_records(200)]
    for page in sorted(seeds_dir.glob("*.txt")):
        texts += [article.text for article in split_text(page.read_text("utf-8"), page.name)]
    for text in texts:
        assert list(TOKENIZER.paragraphs(text)) == _sumy_paragraphs(text), text[:80]
    assert any(len(_sumy_paragraphs(text)) > 5 for text in texts)


PLAIN_ENDING = re.compile(r"[.!…][\"'”’)\]]*$")
ENDINGS = ["", ".", "Done.", "Done", "Done!'", "Done.”)]", "Done.) ", "“Done”", "Wait…’", "So?"]
ENDINGS += ["))", "Done.\n", "Done.\t\n", "Done.x)", "Done!!", "Done.”’']"]


def test_a_sentence_ending_is_found_as_the_plain_pattern_finds_it():
    for text in ENDINGS + _sentences():
        assert ends_a_sentence(text) == bool(PLAIN_ENDING.search(text.rstrip())), repr(text)


PLAIN_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
WORDS = ["snake_case and __dunder__", "rock-n-roll, don't 'quote' it--no", "a’s b-’c", "x_1 9-5"]
WORDS += ["\x1c\x1fctl\tchars", "Ünïcödé words-and ümlauts", "tail- 'lead -dash '' -"]


def test_words_are_what_the_plain_pattern_finds():
    for text in WORDS + _sentences():
        assert TOKENIZER.to_words(text) == tuple(PLAIN_WORD.findall(text)), repr(text)


PLAIN_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*(\s+)(?=[\"'“‘`(\[]*[A-Z0-9])")


def test_sentences_end_where_the_plain_boundary_pattern_ends_them(monkeypatch):
    paragraphs = [text for text in TEXTS + ENDINGS + EDGE_CASES if text]
    paragraphs += ["Hi! ! Next. . B. “Quoted.” ) (Open. [1] x. 2.. A… B!? C", "U.S. The. Mr. X."]
    for record in summary_records(200):
        paragraphs += record["text"].split("\n\n")
    fast = [TOKENIZER.to_sentences(p) for p in paragraphs]
    monkeypatch.setattr(sentences, "_BOUNDARY", PLAIN_BOUNDARY)
    assert [TOKENIZER.to_sentences(p) for p in paragraphs] == fast


def _with_each_phrase() -> list[str]:
    """Clean sentences holding each furniture phrase: alone, inside words, first, last."""
    found = []
    for phrase in candidates._FURNITURE_PHRASES:
        found += [
            f"The council met on the river bank today and {phrase} was heard.",
            f"The council met on the river bank today and x{phrase}y was heard.",
            f"{phrase.upper()} the council met on the river bank today.",
            f"The council met on the river bank today at {phrase}",
            f"The council met on the river bank today at {phrase[:-1]}.",
            f"The council met on the river bank today at {phrase.replace(' ', '  ')}.",
        ]
    return found


def test_furniture_phrases_are_found_as_one_substring_test_each_finds_them(monkeypatch):
    texts = _with_each_phrase() + _sentences()
    fast = [rejection(text) for text in texts]
    monkeypatch.setattr(candidates, "_UNSPACED_PHRASES", candidates._FURNITURE_PHRASES)
    monkeypatch.setattr(candidates, "_SPACED_PHRASES", re.compile("(?!)"))  # never matches
    assert [rejection(text) for text in texts] == fast
    assert fast.count("page furniture") > 3 * len(candidates._FURNITURE_PHRASES)


STEM = Stemmer("english")
STEPS = ("step0", "step1a", "step1b", "step2", "step3", "step4", "step5")


def test_no_word_ending_as_the_stemmer_looks_for_is_taken_for_its_own_stem():
    for step in STEPS:
        for suffix in getattr(EnglishStemmer, f"_EnglishStemmer__{step}_suffixes"):
            assert not any(is_own_stem(stem + suffix) for stem in ("", "x", "bar", "ab1"))
    special = EnglishStemmer._EnglishStemmer__special_words  # the words it stems its own way
    assert not any(map(is_own_stem, special)) and not is_own_stem("carry")


def _invented_words(count: int) -> list[str]:
    draw = random.Random(9)
    letters = "aeiouybcdfgklmnprstwxz'’-1Y"
    return ["".join(draw.choices(letters, k=draw.randint(1, 11))) for _ in range(count)]


def test_words_skipped_are_their_own_stems_and_the_rest_are_stemmed_as_before():
    words = {w for text in _sentences() for w in TOKENIZER.to_words(text)}
    words |= {w.lower() for w in words} | set(_invented_words(20_000))
    words |= set(EnglishStemmer._EnglishStemmer__special_words) | {"2004", "a", "by", "gently"}
    stem = skipping_own_stems(STEM)
    own = [w for w in words if is_own_stem(w)]
    assert [STEM(w) for w in own] == own
    assert all(stem(w) == STEM(w) for w in words)
    assert len(own) > len(words) / 10  # the fast path is taken often
