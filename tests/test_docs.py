"""The docs are tested: README.md is the front door, docs/ holds the rest, and both stay in step
with the code.

- every command and long option that ``monitor COMMAND --help`` shows is in README.md or docs/;
  every ``monitor COMMAND --option`` written in them exists;
- every config key the loader accepts is in docs/configuration.md, under its own section's
  heading (keys are read from the ``check.keys(table, where, allowed)`` calls in
  ``monitor/config/*.py``, which reject any other key);
- every relative link in README.md and docs/*.md points to a file that exists, and every
  ``monitor/...`` or ``tests/...`` file they name in code exists;
- README.md stays a front door: at most 300 lines, with the set-up and test commands CI runs.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
from pathlib import Path
from typing import Any

import pytest

from monitor.cli.main import build_parser
from monitor.config.load import parse_config
from monitor.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
CONFIG_DOC = DOCS / "configuration.md"
CONFIG_CODE = ROOT / "monitor" / "config"
README_MAX_LINES = 300
TOP_LEVEL = ""  # the section name of keys at the top of the file


def _pages() -> dict[Path, str]:
    pages = [README, *sorted(DOCS.glob("*.md"))]
    return {page: page.read_text(encoding="utf-8") for page in pages}


def _all_text() -> str:
    return "\n".join(_pages().values())


# --- commands and options -------------------------------------------------------------------


def _printed_help(argv: list[str]) -> str:
    """What ``monitor ARGV --help`` prints: the commands and options as a user sees them."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        build_parser().parse_args([*argv, "--help"])
    return out.getvalue()


def _listed(help_text: str) -> list[str]:
    """The sub-commands a help text lists under its ``commands:`` or ``actions:`` heading."""
    listing = re.search(r"^(?:commands|actions):\n(.*?)(?:\n\n|\Z)", help_text, re.M | re.S)
    if listing is None:
        return []
    return re.findall(r"^ {4}([a-z][\w-]*)(?: |$)", listing.group(1), re.M)


def _long_options(help_text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])(--[a-z][\w-]*)", help_text)) - {"--help"}


def _commands() -> dict[str, str]:
    """Every command's help text, with sub-actions as ``"feeds import-opml"``."""
    commands = {}
    for name in _listed(_printed_help([])):
        commands[name] = _printed_help([name])
        for action in _listed(commands[name]):
            commands[f"{name} {action}"] = _printed_help([name, action])
    return commands


def test_the_parser_has_commands_and_options():
    """The checks below read the real parser: make sure they see something."""
    commands = _commands()
    assert {"ingest", "digest", "run", "feeds import-opml"} <= set(commands)
    assert "--preview" in _long_options(commands["digest"])


def _mentions(text: str, words: str) -> bool:
    """``words`` (``monitor digest``, ``--out``) in ``text``, not as part of a longer name."""
    return re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", text) is not None


def test_every_command_and_option_of_the_help_is_documented():
    text = _all_text()
    missing = []
    for name, sub in _commands().items():
        if not _mentions(text, f"monitor {name}"):
            missing.append(f"monitor {name}")
        missing += [f"{name} {o}" for o in _long_options(sub) if not _mentions(text, o)]
    missing += [o for o in _long_options(_printed_help([])) if not _mentions(text, o)]
    assert not missing, f"in `monitor --help` but not in README.md or docs/: {sorted(missing)}"


# `monitor digest --out FILE` in a code span, or `$ monitor digest --out FILE` in a console block
_INVOCATION = re.compile(r"(?:`|^\$ )monitor ((?:[a-z][\w-]*)(?: [a-z][\w-]*)?)([^`\n]*)", re.M)


def _invocations(text: str) -> list[tuple[str, str]]:
    """(command words, the rest) of every written invocation; the rest stops at a shell pipe."""
    found = []
    for match in _INVOCATION.finditer(text):
        words, rest = match.group(1), re.split(r"\s\|\s|\s[|>]\s?|\s#", match.group(2))[0]
        found.append((words, rest))
    return found


def test_every_written_invocation_uses_real_commands_and_options():
    commands = _commands()
    global_options = _long_options(_printed_help([]))
    wrong = []
    for page, text in _pages().items():
        for words, rest in _invocations(text):
            name = words if words in commands else words.split(" ")[0]
            if name not in commands:
                wrong.append(f"{page.name}: `monitor {words}`: no such command")
                continue
            allowed = _long_options(commands[name]) | global_options | {"--help"}
            if name == "feeds import-opml":
                allowed |= _long_options(commands["feeds"])
            wrong += [
                f"{page.name}: `monitor {words}{rest}`: {option} is not an option of {name}"
                for option in re.findall(r"(?<![\w-])--[a-z][\w-]*", rest)
                if option not in allowed
            ]
    assert not wrong, "\n".join(wrong)


# --- configuration keys ---------------------------------------------------------------------


class _Unresolved(Exception):
    pass


def _evaluate(node: ast.expr, names: dict[str, ast.expr]) -> Any:
    """The value of a constant expression: strings, sets, tuples, dicts' keys, ``a | b``,
    ``set(x)``."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in names:
        return _evaluate(names[node.id], names)
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        return {_evaluate(element, names) for element in node.elts}
    if isinstance(node, ast.Dict):  # {key: maximum, ...}: its keys
        return {_evaluate(key, names) for key in node.keys if key is not None}
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _evaluate(node.left, names) | _evaluate(node.right, names)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "set":
        return set(_evaluate(node.args[0], names)) if node.args else set()
    if isinstance(node, ast.JoinedStr):  # f"feeds[{index}]": the constant part names the section
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    raise _Unresolved(ast.unparse(node))


def _assignments(nodes: list[ast.AST]) -> dict[str, ast.expr]:
    """Name -> assigned expression, for ``x = ...`` and ``x: T = ...`` among ``nodes``."""
    names = {}
    for node in nodes:
        if isinstance(node, ast.Assign):
            names |= {t.id: node.value for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and node.value and isinstance(node.target, ast.Name):
            names[node.target.id] = node.value
    return names


def _is_keys_check(node: ast.AST) -> bool:
    """``check.keys(table, where, allowed)`` (whatever the checker is called); not ``d.keys()``."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "keys"
        and len(node.args) + len(node.keywords) >= 3
    )


def _section(where: str) -> str:
    return where.split("[")[0].split(".")[0]


def config_keys() -> dict[str, set[str]]:
    """Section ("" for the top level) -> every key the loader accepts there, read from the code.

    Each ``check.keys(table, where, allowed)`` call in ``monitor/config/*.py`` rejects any key not
    in ``allowed``; names in ``where`` and ``allowed`` are looked up in the calling function, then
    in the module.
    """
    keys: dict[str, set[str]] = {}
    for path in sorted(CONFIG_CODE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        module_names = _assignments(tree.body)
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            names = module_names | _assignments(list(ast.walk(function)))
            for call in filter(_is_keys_check, ast.walk(function)):
                assert isinstance(call, ast.Call)
                arguments = dict(zip(("table", "where", "allowed"), call.args, strict=False))
                arguments |= {kw.arg: kw.value for kw in call.keywords if kw.arg}
                try:
                    section = _section(_evaluate(arguments["where"], names))
                    keys.setdefault(section, set()).update(_evaluate(arguments["allowed"], names))
                except (_Unresolved, KeyError) as exc:
                    pytest.fail(
                        f"{path.name}:{call.lineno}: cannot read the allowed keys ({exc}); "
                        "teach tests/test_docs.py's _evaluate this expression"
                    )
    return keys


def _doc_sections(text: str) -> dict[str, str]:
    """Section -> its part of configuration.md: from a heading naming ``[section]`` or
    ``[[section]]`` (or "Top-level keys") to the next heading of the same or a higher level."""
    headings = list(re.finditer(r"^(#+) (.*)$", text, re.M))
    sections = {}
    for i, heading in enumerate(headings):
        level, title = len(heading.group(1)), heading.group(2)
        end = next((h.start() for h in headings[i + 1 :] if len(h.group(1)) <= level), len(text))
        body = text[heading.end() : end]
        if "top-level keys" in title.lower():
            sections[TOP_LEVEL] = body
        for name in re.findall(r"`\[\[?(\w+)\]?\]`", title):
            sections[name] = body
    return sections


def test_the_config_keys_are_read_from_the_code():
    """The extraction finds what we know is there, so an empty result cannot pass silently."""
    keys = config_keys()
    assert {TOP_LEVEL, "feeds", "fetch", "seeds", "summary", "regions", "digest"} <= set(keys)
    assert {"output", "email"} <= set(keys)
    assert {"opml", "fetch"} <= keys[TOP_LEVEL]
    assert {"url", "interval", "category"} <= keys["feeds"]
    assert {"per_host", "user_agent"} <= keys["fetch"]
    assert {"lead_words", "outside_ratio", "countries"} <= keys["regions"]
    assert {"from", "to", "password_env"} <= keys["email"]


@pytest.mark.parametrize("section", sorted(config_keys()))
def test_the_keys_read_from_the_code_are_what_the_loader_accepts(section, tmp_path):
    """Cross-check with the loader itself: an unknown key is refused, naming the same keys."""
    data: dict[str, Any] = {"no_such_key": 1}
    if section == "feeds":
        data = {"feeds": [{"url": "https://example.org/feed", "no_such_key": 1}]}
    elif section == "watch":
        data = {"watch": [{"name": "a", "any": ["b"], "no_such_key": 1}]}
    elif section == "subscribers":
        data = {"subscribers": [{"to": "a@example.org", "no_such_key": 1}]}
    elif section:
        data = {section: data}
    with pytest.raises(ConfigError, match="no_such_key") as raised:
        parse_config(data, tmp_path / "monitor.toml")
    allowed = re.search(r"allowed: ([\w, ]+)", str(raised.value))
    assert allowed, raised.value
    assert set(allowed.group(1).split(", ")) == config_keys()[section]


def test_every_config_key_is_in_the_configuration_reference():
    sections = _doc_sections(CONFIG_DOC.read_text(encoding="utf-8"))
    missing = []
    for section, names in sorted(config_keys().items()):
        shown = f"[{section}]" if section else "the top level"
        if section not in sections:
            missing.append(f"a heading for {shown}")
            continue
        missing += [
            f"`{key}` in {shown}" for key in sorted(names) if f"`{key}`" not in sections[section]
        ]
    assert not missing, f"not in docs/configuration.md: {missing}"


def test_every_config_section_is_named_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for section in config_keys()[TOP_LEVEL]:
        if section == "opml":
            continue  # a key, not a section
        assert f"[{section}]" in text or f"[[{section}]]" in text, section


# --- links and the front door ---------------------------------------------------------------

_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def test_every_relative_link_points_to_a_file():
    broken = []
    for page, text in _pages().items():
        text = re.sub(r"```.*?```", "", text, flags=re.S)  # links in code blocks are not links
        for target in _LINK.findall(text):
            if re.match(r"[a-z][a-z+.-]*:", target) or target.startswith("#"):
                continue  # https:, mailto:, or an anchor on the same page
            path = target.split("#")[0]
            if not (page.parent / path).exists():
                broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert not broken, f"links to missing files: {broken}"


_CODE_PATH = re.compile(r"`((?:monitor|tests|templates|deploy)/[\w./*-]*(?:\.[\w*]+|/))")


def test_every_file_named_in_the_docs_exists():
    """`monitor/store/sqlite.py`, `tests/data/*.toml`: module and test names stay in step when
    files move."""
    missing = []
    for page, text in _pages().items():
        for name in set(_CODE_PATH.findall(text)):
            if not any(ROOT.glob(name)):
                missing.append(f"{page.relative_to(ROOT)}: {name}")
    assert not missing, f"files named in the docs that do not exist: {sorted(missing)}"


def test_every_page_of_docs_is_linked_from_the_readme():
    text = README.read_text(encoding="utf-8")
    unlinked = [p.name for p in sorted(DOCS.glob("*.md")) if f"(docs/{p.name})" not in text]
    assert not unlinked, f"docs/ pages the README's Documentation list does not link: {unlinked}"


def test_the_readme_is_a_front_door():
    text = README.read_text(encoding="utf-8")
    lines = text.count("\n") + (not text.endswith("\n"))
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; move detail to docs/"
    # .ci/run and the before-stop hook look for these two commands in the README
    assert "pip install -e '.[dev]'" in text
    assert "monitor digest --seeds ../shared/seeds --out digest.html" in text
    assert "python -m pytest" in text
