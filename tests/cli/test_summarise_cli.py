"""`monitor summarize` options and the [summary] config keys reach the summariser."""

import io

import pytest

from monitor.cli.main import main
from monitor.config.load import SUMMARY_ALGORITHMS, load_config
from monitor.errors import ConfigError, ExitCode

ARTICLE = (
    "Caspian Ferry Line Opens\n\n"
    "A new ferry line between Aktau and Baku carried its first trucks on Sunday. "
    "The route cuts a week from the journey of goods between China and Turkey. "
    "Officials in both ports expect four sailings a week by the end of the summer. "
    "Shipping companies in Georgia said they would add trains to meet the ferries.\n"
)


def summarize(capsys, monkeypatch, *options):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    code = main(["summarize", *options])
    out, err = capsys.readouterr()
    return code, out.strip().splitlines(), err


def test_options_choose_algorithm_sentences_and_word_budget(capsys, monkeypatch):
    code, lines, _ = summarize(capsys, monkeypatch, "--algorithm", "lead", "--sentences", "2")
    assert code == ExitCode.OK
    assert lines[0].startswith("A new ferry line") and lines[1].startswith("The route cuts")
    code, lines, _ = summarize(capsys, monkeypatch, "--max-words", "30", "--sentences", "4")
    assert code == ExitCode.OK and sum(len(line.split()) for line in lines) <= 30
    assert len(lines) == 2


def test_unknown_algorithm_on_the_command_line_is_a_usage_error(capsys, monkeypatch):
    with pytest.raises(SystemExit) as done:
        summarize(capsys, monkeypatch, "--algorithm", "gpt")
    assert done.value.code == ExitCode.USAGE


def test_config_algorithm_is_checked(tmp_path):
    path = tmp_path / "monitor.toml"
    path.write_text('[summary]\nalgorithm = "textrank"\n', encoding="utf-8")
    assert load_config(path).summary.algorithm == "textrank"
    path.write_text('[summary]\nalgorithm = "gpt"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="summary.algorithm") as error:
        load_config(path)
    assert all(name in error.value.message for name in SUMMARY_ALGORITHMS)
