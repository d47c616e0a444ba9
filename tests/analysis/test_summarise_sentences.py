"""The offline sentence splitter: abbreviations, initials, numbers, quotes and ellipses."""

import pytest

from monitor.analysis.summary.sentences import Tokenizer

SPLIT = Tokenizer().to_sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Mr. Karimov met Dr. Lee in Tashkent. They spoke for an hour.",
            ["Mr. Karimov met Dr. Lee in Tashkent.", "They spoke for an hour."],
        ),
        (
            "The U.S. Senate voted on Jan. 12 to fund the dam. The vote was close.",
            ["The U.S. Senate voted on Jan. 12 to fund the dam.", "The vote was close."],
        ),
        (
            "Aid reached the U.S. The shipment left on Monday.",
            ["Aid reached the U.S.", "The shipment left on Monday."],
        ),
        (
            "Resolution No. 5 passed with 3.5 million votes. Turnout was 61.2 per cent.",
            ["Resolution No. 5 passed with 3.5 million votes.", "Turnout was 61.2 per cent."],
        ),
        (
            "The answer was no. Nobody expected it.",
            ["The answer was no.", "Nobody expected it."],
        ),
        (
            "The report by J. R. Tolkanov was read aloud. Few agreed with it.",
            ["The report by J. R. Tolkanov was read aloud.", "Few agreed with it."],
        ),
        (
            '"We will build the line," the minister said. "Then we will see."',
            ['"We will build the line," the minister said.', '"Then we will see."'],
        ),
        (
            '"Is the border open?" she asked. Nobody answered her.',
            ['"Is the border open?" she asked.', "Nobody answered her."],
        ),
        (
            "The talks stalled... Then the envoys returned. Hope… Perhaps not.",
            ["The talks stalled...", "Then the envoys returned.", "Hope…", "Perhaps not."],
        ),
        (
            "He said (quietly.) The room went still.",
            ["He said (quietly.)", "The room went still."],
        ),
        (
            "The office opened in June. `Free Kashmir' posters appeared in Geneva.",
            ["The office opened in June.", "`Free Kashmir' posters appeared in Geneva."],
        ),
        ("The meeting ended at 5 p.m. on Friday.", ["The meeting ended at 5 p.m. on Friday."]),
    ],
)
def test_sentences_are_split_where_they_end(text, expected):
    assert list(SPLIT(text)) == expected


def test_words_keep_hyphens_and_apostrophes_and_drop_punctuation():
    words = Tokenizer().to_words("Kazakhstan's north-south rail link, 2,400 km long!")
    assert words == ("Kazakhstan's", "north-south", "rail", "link", "2", "400", "km", "long")
