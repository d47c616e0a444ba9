"""`monitor summarize` and `monitor classify` read bytes from stdin: decoded by their byte order
mark or as strict UTF-8 whatever the locale, capped at 20 MB; anything else is exit 7 with a short
message that never quotes the input."""

from __future__ import annotations

import codecs
import io
import os
import subprocess
import sys

import pytest

from monitor.cli import stdin
from monitor.cli.main import main
from monitor.errors import ExitCode, InputError

ARTICLE = (
    "Caspian Ferry Line Opens\n\n"
    "A new ferry line between Aktau and Baku carried its first trucks on Sunday. "
    "The route cuts a week from the journey of goods between China and Turkey. "
    "Officials in Kazakhstan expect four sailings a week by the end of the summer.\n"
)
ENCODED = {
    "utf-8": ARTICLE.encode("utf-8"),
    "utf-8 bom": codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
    "utf-16 bom": ARTICLE.encode("utf-16"),
    "utf-16-be bom": codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
    "utf-32 bom": ARTICLE.encode("utf-32"),
    "crlf": ARTICLE.replace("\n", "\r\n").encode("utf-8"),
}
REFUSED = {
    "latin-1": ("Caf\xe9 " + ARTICLE).encode("latin-1") * 50,
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 2000,
    "utf-16 without bom": ARTICLE.encode("utf-16-le"),
    "broken utf-16": codecs.BOM_UTF16_LE + b"\x00\xd8" + b"a\x00" * 10,
    "empty": b"",
}
LOCALES = ("C.UTF-8", "POSIX", "en_US.UTF-8")


def run(data: bytes, locale: str, command: str = "classify") -> subprocess.CompletedProcess:
    env = {**os.environ, "LC_ALL": locale, "LANG": locale}
    env.pop("PYTHONIOENCODING", None)
    env.pop("PYTHONUTF8", None)
    return subprocess.run(
        [sys.executable, "-m", "monitor", "--config", os.devnull, command],
        input=data,
        capture_output=True,
        env=env,
        check=False,
    )


EVERY_ENCODING = [("C.UTF-8", name) for name in ENCODED]
EVERY_LOCALE = [(locale, name) for locale in LOCALES[1:] for name in ("utf-8", "utf-16 bom")]


@pytest.mark.parametrize(("locale", "name"), EVERY_ENCODING + EVERY_LOCALE)
def test_every_encoding_with_a_bom_reads_the_same_under_every_locale(locale, name):
    done = run(ENCODED[name], locale)
    assert (done.returncode, done.stderr) == (0, b"")
    assert b'"primary": "central_asia"' in done.stdout


@pytest.mark.parametrize("locale", LOCALES)
def test_what_is_not_text_is_exit_7_with_a_short_message(locale):
    names = REFUSED if locale == "C.UTF-8" else ("latin-1", "binary")
    for name in names:
        done = run(REFUSED[name], locale, "summarize")
        assert (name, done.returncode, done.stdout) == (name, ExitCode.INPUT, b"")
        assert done.stderr.startswith(b"monitor: error: ") and len(done.stderr) < 300, name
        assert b"Traceback" not in done.stderr and b"Caf" not in done.stderr


def test_the_messages_say_what_is_wrong():
    def refusal(data: bytes) -> str:
        with pytest.raises(InputError) as refused:
            stdin.decode_input(data)
        return refused.value.message

    assert refusal(REFUSED["latin-1"]) == (
        "standard input is not UTF-8 text (invalid byte at offset 3)"
    )
    assert refusal(REFUSED["binary"]) == "standard input is binary (it holds NUL bytes), not text"
    assert refusal(REFUSED["broken utf-16"]).startswith("standard input is not UTF-16 text")
    assert refusal(codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le")).endswith("not text")


def test_input_over_the_cap_is_refused_having_read_one_byte_past_it(capsys, monkeypatch):
    class Counting(io.BytesIO):
        asked: list[int] = []

        def read(self, size: int | None = -1) -> bytes:
            self.asked.append(size if size is not None else -1)
            return super().read(size)

    monkeypatch.setattr(stdin, "MAX_BYTES", 1000)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(Counting(b"x" * 5000)))
    assert main(["--config", os.devnull, "summarize"]) == ExitCode.INPUT
    assert capsys.readouterr().err.startswith("monitor: error: standard input is over")
    assert Counting.asked == [1001]


def test_twenty_megabytes_and_one_byte_is_refused():
    big = io.BytesIO(b"a" * (stdin.MAX_BYTES + 1))
    with pytest.raises(InputError):
        stdin.read_capped(big)
    assert len(stdin.read_capped(io.BytesIO(b"a" * stdin.MAX_BYTES))) == stdin.MAX_BYTES
