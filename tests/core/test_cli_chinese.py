"""The command line speaks Chinese (issue 14 §5): every command's --help, argparse's own words included,
and its usage errors (exit code 2). What stays Latin is what is typed (commands, options, choices,
environment variables) and a few names of formats and products."""

from __future__ import annotations

import argparse
import re

import pytest

from core.cli.main import build_parser, main
from core.cli.parsing import ChineseParser

# Names of formats and products a secretary knows by these letters, and JSON keys the help names.
ALLOWED = {"PDF", "DOCX", "OFD", "JSON", "Excel", "Word", "WPS", "GB", "xlsx", "csv", "huiwu",
           "kind", "id", "title", "snippet", "SUBMITTED"}
WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


def _typed_words(parser: argparse.ArgumentParser) -> set[str]:
    """What one types at this parser: option strings, subcommand names, choices (each split at - and _)."""
    words = set()
    for action in parser._actions:
        for text in [*action.option_strings, *(action.choices or ())]:
            words |= set(re.split(r"[-_]+", str(text).strip("-")))
    return words


def _parsers() -> list[tuple[list[str], argparse.ArgumentParser]]:
    found: list[tuple[list[str], argparse.ArgumentParser]] = []

    def walk(path: list[str], parser: argparse.ArgumentParser) -> None:
        found.append((path, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk([*path, name], child)

    walk([], build_parser())
    return found


def _english(text: str, allowed: set[str]) -> list[str]:
    text = re.sub(r"HUIWU_[A-Z]+", "", text)  # environment variables are typed too
    return [w for w in WORD.findall(text) if w not in allowed]


def test_every_commands_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    parsers = _parsers()
    assert len(parsers) > 15
    typed = set().union(*(_typed_words(p) for _path, p in parsers))
    for path, _parser in parsers:
        with pytest.raises(SystemExit) as exit_:
            main([*path, "--help"])
        assert exit_.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("用法：huiwu") and "选项：" in out and "显示帮助信息并退出" in out, path
        assert _english(out, typed | ALLOWED) == [], (path, out)


@pytest.mark.parametrize(("args", "said"), [
    (["render", "minutes"], "缺少以下参数：会议编号"),
    (["render", "minutes", "abc"], "参数 会议编号：须为整数，“abc”不是"),
    (["render", "leaflet", "3"], "参数 文书：无效的选项“leaflet”"),
    (["search", "预算", "--kind", "topics"], "参数 --kind：无效的选项“topics”"),
    (["stats", "--year"], "参数 --year：须跟一个值"),
    (["stats", "--json", "--xlsx", "a.xlsx"], "参数 --xlsx：不能与参数 --json 同时使用"),
    (["roster"], "缺少以下参数：子命令"),
    (["frobnicate"], "参数 命令：无效的选项“frobnicate”"),
    (["check", "--frob"], "无法识别的参数：--frob"),
    (["--self-test", "xml"], "参数 --self-test：无效的选项“xml”"),
])
def test_usage_errors_are_chinese_and_exit_2(args: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：huiwu")
    assert "：错误：" + said in err, err
    assert not re.search(r"usage|error|argument|invalid|required|expected", err), err


def test_argparse_is_left_as_it_was_for_other_parsers(capsys: pytest.CaptureFixture[str]) -> None:
    ChineseParser(prog="huiwu").format_help()
    plain = argparse.ArgumentParser(prog="other")
    assert plain.format_help().startswith("usage: other")
    with pytest.raises(SystemExit):
        plain.parse_args(["--x"])
    assert "error: unrecognized arguments" in capsys.readouterr().err


def test_help_columns_line_up_as_a_terminal_shows_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Chinese character takes two columns: the help texts of a section start in one column, no
    line is wider than the terminal, and none starts with a closing mark (，。；）…)."""
    from core.cli.parsing import NO_LINE_START, display_width

    monkeypatch.setenv("COLUMNS", "80")
    for path, parser in _parsers():
        text = parser.format_help()
        for section in text.split("\n\n")[1:]:
            starts = set()
            for line in section.splitlines()[1:]:
                assert display_width(line) <= 80, (path, line)
                assert line.strip()[:1] not in NO_LINE_START, (path, line)
                header = re.match(r"  (\S.*?)  +(\S)", line)  # "  --year 年度      年度（默认今年）"
                if header:
                    starts.add(display_width(line[:header.start(2)]))
            assert len(starts) <= 1, (path, section)
