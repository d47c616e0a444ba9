"""The fast paths give what the plain implementations they replace would: the sparse cosine
matrix, the cached term maker and the summaries built on them (on evaluation articles), and the
shipped snapshot of the place packages' gazetteer entries."""

import unicodedata
import zlib
from collections import Counter

import numpy as np
from paths import summary_records
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.utils import get_stop_words

from monitor.analysis.regions import gazetteer
from monitor.analysis.regions import snapshot as place_snapshot
from monitor.analysis.summary import summariser as summarise
from monitor.analysis.summary.lexrank import cosine_matrix
from monitor.analysis.summary.sentences import Tokenizer
from monitor.analysis.summary.summariser import Summariser
from monitor.analysis.summary.terms import Terms
from monitor.identity import keys as dedupe
from monitor.identity import neardup

TOKENIZER = Tokenizer()
STEM = Stemmer("english")
STOP = frozenset(get_stop_words("english"))


def _plain_terms(sentence: str) -> list[str]:
    words = (w.lower() for w in TOKENIZER.to_words(sentence))
    return [STEM(w) for w in words if w not in STOP]


def _dense_cosine(sentences: list[list[str]]) -> np.ndarray:
    """The idf-modified cosine as a dense sentence x term product (the former implementation)."""
    vocabulary = sorted({t for terms in sentences for t in terms})
    column = {t: i for i, t in enumerate(vocabulary)}
    counts = np.zeros((len(sentences), len(vocabulary)))
    for row, terms in enumerate(sentences):
        for term, times in Counter(terms).items():
            counts[row, column[term]] = times
    largest = counts.max(axis=1, initial=0.0)
    tf = counts / np.where(largest > 0, largest, 1.0)[:, None]
    df = (counts > 0).sum(axis=0)
    vectors = tf * np.log(len(sentences) / (1.0 + df))
    norms = np.linalg.norm(vectors, axis=1)
    unit = vectors / np.where(norms > 0, norms, 1.0)[:, None]
    cosine = unit @ unit.T
    np.fill_diagonal(cosine, np.where(norms > 0, 1.0, 0.0))
    return cosine


def test_sparse_cosine_equals_the_dense_product():
    for record in summary_records(6):
        document = PlaintextParser.from_string(record["text"], TOKENIZER).document
        terms = [_plain_terms(str(s)) for s in document.sentences] + [[], ["zzyzx"]]
        fast, dense = cosine_matrix(terms), _dense_cosine(terms)
        assert fast.shape == dense.shape == (len(terms), len(terms))
        assert np.allclose(fast, dense, rtol=0, atol=1e-12)
        for threshold in (0.1, summarise.REPEAT):  # the links and repeats LexRank decides on
            assert ((fast > threshold) == (dense > threshold)).all()


def test_cached_terms_equal_the_plain_formula():
    terms = Terms(STEM, STOP, TOKENIZER.to_words)
    for record in summary_records(10):
        for sentence in TOKENIZER.to_sentences(record["text"]) + (record["title"],):
            assert terms(sentence) == _plain_terms(sentence)


def test_each_distinct_word_is_stemmed_once_and_the_cache_is_bounded():
    stemmed: list[str] = []

    def stem(word: str) -> str:
        stemmed.append(word)
        return STEM(word)

    terms = Terms(stem, STOP, TOKENIZER.to_words, limit=4)
    assert terms("Rivers and rivers flow") == ["river", "river", "flow"]
    assert terms("Rivers flow") == ["river", "flow"]
    assert sorted(stemmed) == ["flow", "rivers", "rivers"]  # "Rivers", "rivers": two forms
    terms("Dams hold lakes back")  # past the limit: the cache starts again
    terms("Rivers")
    assert stemmed[-1] == "rivers" and len(stemmed) == 8


def test_summaries_are_the_same_as_with_the_plain_implementations(monkeypatch):
    fast = Summariser()
    inputs = [(r["text"], r["title"]) for r in summary_records(15)]
    chosen = [fast.summarise(text, title) for text, title in inputs]
    plain = Summariser()
    monkeypatch.setattr(summarise, "cosine_matrix", _dense_cosine)
    monkeypatch.setattr(plain, "_terms", _plain_terms)
    assert [plain.summarise(text, title) for text, title in inputs] == chosen
    assert all(chosen)


def test_the_shipped_place_snapshot_is_what_the_packages_give():
    snapshot = gazetteer._snapshot_entries()
    assert snapshot is not None, (
        "monitor/analysis/regions/data/package_places.json is stale: see docs/regions.md"
        " (gazetteer.write_package_snapshot) to make it again"
    )
    fresh = list(gazetteer._package_entries(gazetteer._data()))
    # pycountry lists a country's subdivisions in no fixed order (all of one target: no matter)
    assert sorted(snapshot, key=repr) == sorted(fresh, key=repr)


def test_the_snapshot_reads_the_versions_importlib_metadata_gives():
    from importlib.metadata import version

    for package in place_snapshot.PACKAGES:
        assert place_snapshot._version(package) == version(package)


def test_a_stale_snapshot_is_ignored(monkeypatch):
    monkeypatch.setattr(place_snapshot, "key", lambda: {"pycountry": "0.0"})
    assert gazetteer._snapshot_entries() is None
    built = gazetteer.packaged_gazetteer.__wrapped__()  # not the process's cached one
    assert built.lookup("Almaty") is not None and built.lookup("Kazakhstan") is not None


def test_normalised_text_is_what_one_translation_table_gives():
    table = str.maketrans(dedupe._FOLD)
    for record in summary_records(10):
        text = record["text"] + " ‘quoted’ “double” a–b c—d −1 ‒ „low‚"
        expected = " ".join(unicodedata.normalize("NFKC", text).translate(table).casefold().split())
        assert dedupe.normalise(text) == expected


def test_shingles_and_minhash_equal_their_definitions():
    texts = [record["text"] for record in summary_records(10)]
    longest = " ".join(record["text"] for record in summary_records(40))  # several blocks
    assert len(neardup.words(longest)) > 4 * neardup.BLOCK_COLUMNS
    for text in [longest, *texts, longest, texts[0]]:  # the reused array: longer, then shorter
        tokens = neardup.words(text)
        n = neardup.SHINGLE_WORDS
        expected = {" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}
        assert neardup.shingles(tokens) == expected
        hashes = np.array([zlib.crc32(s.encode()) for s in expected], dtype=np.uint64)
        signature = ((np.outer(hashes, neardup._A) + neardup._B) >> np.uint64(32)).min(axis=0)
        assert (neardup.minhash(expected) == signature).all()
    assert neardup.shingles(["too", "short"]) == set()


def test_sentences_without_shared_terms_give_a_float_identity():
    for sentences in ([[], []], [["rail"], ["gas"], []]):
        cosine = cosine_matrix(sentences)
        assert cosine.dtype == float
        assert (cosine == _dense_cosine(sentences)).all()
