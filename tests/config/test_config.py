from pathlib import Path

import pytest

from monitor.config.load import Config, find_config_file, load_config
from monitor.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_name_the_magazine_feeds_and_seeds_folder():
    config = Config()
    urls = [feed.url for feed in config.feeds]
    assert any(url.endswith("/feed/") and "category" not in url for url in urls)
    for category in ("central-asia", "south-asia", "middle-east"):
        assert any(f"/category/{category}/feed/" in url for url in urls)
    assert config.seeds.paths == (Path("seeds"),)
    assert config.summary.sentences == 3


def test_file_values_and_relative_seed_paths(tmp_path):
    path = write(
        tmp_path,
        """
[[feeds]]
url = "https://example.org/category/central-asia/feed/"
name = "Central Asia"
[seeds]
paths = ["saved", "/abs/pages"]
[summary]
sentences = 2
max_words = 0
""",
    )
    config = load_config(path)
    assert [(f.url, f.name) for f in config.feeds] == [
        ("https://example.org/category/central-asia/feed/", "Central Asia")
    ]
    assert config.seeds.paths == (tmp_path / "saved", Path("/abs/pages"))
    assert config.summary.sentences == 2 and config.summary.max_words is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[seeds]\nfolders = ['x']\n", "seeds.folders"),
        ("[[feeds]]\nname = 'x'\n", "feeds[0].url"),
        ("[[feeds]]\nurl = 'ftp://x'\n", "feeds[0].url"),
        ("[summary]\nsentences = 0\n", "summary.sentences"),
        ("colour = 'red'\n", "colour"),
    ],
)
def test_errors_name_the_file_and_the_key(tmp_path, text, key):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(path) in error.value.message and key in error.value.message


def test_invalid_toml_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[seeds\n"))


def test_config_file_precedence(tmp_path):
    explicit = tmp_path / "a.toml"
    assert find_config_file(explicit, {"MONITOR_CONFIG": "b.toml"}, tmp_path) == explicit
    assert find_config_file(None, {"MONITOR_CONFIG": "b.toml"}, tmp_path) == Path("b.toml")
    assert find_config_file(None, {}, tmp_path) is None
    local = write(tmp_path, "")
    assert find_config_file(None, {}, tmp_path) == local


def test_extra_seed_folders_are_added():
    config = Config().with_extra_seeds((Path("more"),))
    assert config.seeds.paths == (Path("seeds"), Path("more"))


def test_seeds_folders_can_be_named_relative_to_the_config(tmp_path):
    from monitor.config.load import load_config

    path = tmp_path / "monitor.toml"
    path.write_text('[seeds]\npaths = ["blog"]\nnames = { blog = "Eurasia Notes" }\n', "utf-8")
    assert load_config(path).seeds.names == {tmp_path / "blog": "Eurasia Notes"}
