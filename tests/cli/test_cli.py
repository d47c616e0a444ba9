"""The whole run, through the command line, against a temporary state directory."""

import json
import random
import subprocess
import sys

import pytest

from monitor import __version__
from monitor.cli.main import main
from monitor.errors import ExitCode


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_digest_then_nothing_new(tmp_path, own_pages, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    state = str(tmp_path / "state")
    out_file = tmp_path / "digest.html"
    code, _, err = run(
        capsys,
        "digest",
        "--state-dir",
        state,
        "--seeds",
        str(own_pages),
        "--no-feeds",
        "--out",
        str(out_file),
    )
    assert code == ExitCode.OK, err
    html = out_file.read_text(encoding="utf-8")
    assert "Water, Ice and Power in the Fergana Valley" in html
    assert "Oman&#39;s Quiet Mediation" in html or "Oman's Quiet Mediation" in html
    assert "Rail Links Between Pakistan and Afghanistan" in html
    assert "A Teaser That Is Not an Article" not in html
    assert html.index("Central Asia") < html.index("South Asia") < html.index("Middle East")

    code, md, _ = run(
        capsys, "--state-dir", state, "digest", "--seeds", str(own_pages), "--no-feeds"
    )
    assert code == ExitCode.OK
    assert "No new articles since" in md and "Fergana" not in md


def test_preview_does_not_mark_articles(tmp_path, own_pages, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["--state-dir", str(tmp_path / "s"), "digest", "--seeds", str(own_pages), "--no-feeds"]
    _, first, _ = run(capsys, *args, "--preview")
    _, second, _ = run(capsys, *args)
    _, third, _ = run(capsys, *args)
    assert "Fergana" in first and "Fergana" in second and "Fergana" not in third


def test_articles_json_has_the_documented_fields(tmp_path, own_pages, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    state = str(tmp_path / "s")
    assert (
        run(capsys, "ingest", "--state-dir", state, "--seeds", str(own_pages), "--no-feeds")[0] == 0
    )
    code, out, _ = run(capsys, "articles", "--json", "--state-dir", state)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 3
    for row in rows:
        assert {
            "id",
            "title",
            "author",
            "url",
            "sources",
            "published",
            "regions",
            "primary_region",
            "summary",
            "text",
            "layout",
        } <= row.keys()
    by_title = {row["title"]: row for row in rows}
    fergana = by_title["Water, Ice and Power in the Fergana Valley"]
    assert fergana["author"] == "Aigerim Sadykova" and fergana["primary_region"] == "central_asia"
    assert by_title["Oman's Quiet Mediation Between Tehran and Riyadh"]["author"] is None
    assert "Continue Reading" not in fergana["text"]


def test_bad_config_is_one_line_and_exit_code_3(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("[seeds]\nfolders = 1\n")
    code, _, err = run(capsys, "--config", str(bad), "ingest", "--state-dir", str(tmp_path / "s"))
    assert code == ExitCode.CONFIG
    assert "seeds.folders" in err and "Traceback" not in err


def test_summarize_and_classify_read_stdin(capsys, monkeypatch):
    import io

    text = (
        "Talks in Tashkent\n\nUzbekistan hosted talks on water. Kazakhstan and Kyrgyzstan sent "
        "ministers to Tashkent. The Uzbek side proposed a joint fund. Tajikistan will host the "
        "next round in Dushanbe.\n"
    )
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = run(capsys, "summarize", "--sentences", "2")
    assert code == 0 and 1 <= len(out.strip().splitlines()) <= 2
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    code, out, _ = run(capsys, "classify")
    result = json.loads(out)
    assert (
        code == 0 and result["primary"] == "central_asia" and "central_asia" in result["evidence"]
    )


def test_empty_stdin_is_an_input_error(capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    code, _, err = run(capsys, "summarize")
    assert code == ExitCode.INPUT and "standard input" in err


def test_output_cut_short_by_a_closed_pipe_is_not_an_error(tmp_path):
    """`monitor articles --json | head -1` ends quietly with exit 0, not a traceback."""
    state = tmp_path / "state"
    page = tmp_path / "pages"
    page.mkdir()
    words = [f"w{k}" for k in range(5000)]
    rng = random.Random(7)
    for n in range(60):  # far more JSON than a pipe buffer holds, so the writer meets the close
        body = " ".join(" ".join(rng.sample(words, 12)) + "." for _ in range(40))
        (page / f"note{n}.txt").write_text(f"Note number {n}\n\n{body}\n")
    run = [sys.executable, "-m", "monitor", "--state-dir", str(state)]
    subprocess.run([*run, "ingest", "--no-feeds", "--seeds", str(page), "-q"], check=True)
    reader = subprocess.Popen([*run, "articles", "--json"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert reader.stdout is not None
    reader.stdout.readline()
    reader.stdout.close()
    _, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert b"Broken pipe" not in err and b"Traceback" not in err
