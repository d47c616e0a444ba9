"""Compiled templates are cached between runs, and a cache file that cannot be read or written
only means compiling again."""

from __future__ import annotations

import jinja2

from monitor.digest.render import CompiledTemplates

TEMPLATE = "{% for n in numbers %}{{ n * 2 }} {% endfor %}"


def _environment(cache: CompiledTemplates) -> jinja2.Environment:
    loader = jinja2.DictLoader({"t.txt": TEMPLATE})
    return jinja2.Environment(loader=loader, bytecode_cache=cache)


def test_a_compiled_template_is_kept_and_used_again(tmp_path):
    cache = CompiledTemplates(str(tmp_path))
    assert _environment(cache).get_template("t.txt").render(numbers=[1, 2]) == "2 4 "
    (kept,) = tmp_path.iterdir()
    assert _environment(cache).get_template("t.txt").render(numbers=[3]) == "6 "
    assert list(tmp_path.iterdir()) == [kept]


def test_a_damaged_or_unwritable_cache_only_means_compiling_again(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    cache = CompiledTemplates(str(folder))
    _environment(cache).get_template("t.txt")
    (kept,) = folder.iterdir()
    kept.write_bytes(kept.read_bytes()[:20])  # cut short, as by a crash
    assert _environment(cache).get_template("t.txt").render(numbers=[5]) == "10 "
    kept.write_bytes(b"\x00garbage")
    assert _environment(cache).get_template("t.txt").render(numbers=[5]) == "10 "
    kept.unlink()
    folder.rmdir()  # gone (a temporary folder cleaned): nothing can be written there
    assert _environment(cache).get_template("t.txt").render(numbers=[1]) == "2 "
    assert not folder.exists()
