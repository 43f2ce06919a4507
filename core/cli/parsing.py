"""The command line's parser in Chinese: argparse's own words too ("用法：", "选项：", "错误：", what is
missing or invalid), not only the help texts we give it.

argparse looks its words up through gettext's `_()` and `ngettext()` at the moment it uses them
(building a parser, formatting help, raising an error). `ChineseParser` answers those look-ups
from `WORDS` while one of its own methods runs, and leaves argparse as it was afterwards: other
parsers in the same process (a test runner's) keep theirs. A word argparse adds in a later Python
and `WORDS` lacks stays English; tests/core/test_cli_chinese.py finds it.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

# argparse's strings (Python 3.11–3.13) -> Chinese; %(name)s placeholders are kept, %r ones may
# become %s (the value then shows as typed, in Chinese quotes)
WORDS = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "subcommands": "子命令",
    "show this help message and exit": "显示帮助信息并退出",
    "show program's version number and exit": "显示程序版本并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少以下参数：%s",
    "one of the arguments %s is required": "须给出以下参数之一：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项“%(value)s”（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的值（%(type)s）",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "expected one argument": "须跟一个值",
    "expected at most one argument": "最多跟一个值",
    "expected at least one argument": "至少跟一个值",
    "expected %s argument": "须跟 %s 个值",
    "expected %s arguments": "须跟 %s 个值",
    "ignored explicit argument %r": "多余的值 %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有子命令“%(parser_name)s”（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}

T = TypeVar("T")
_HEADING = re.compile(r"^(\S[^\n]*):$", re.MULTILINE)
NO_LINE_START = set("，。；：、）》」』！？”")
_TOKENS = re.compile(r" ?[!-~]+| ?[^ !-~]")  # a Latin word (with the space before it), or one other character


def _word(text: str) -> str:
    return WORDS.get(text, text)


def _words(singular: str, plural: str, n: int) -> str:
    return _word(singular if n == 1 else plural)


@contextmanager
def _in_chinese() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    setattr(argparse, "_", _word)  # noqa: B010 - argparse's own module global, restored below
    setattr(argparse, "ngettext", _words)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010


def _chinese(method: Callable[..., T]) -> Callable[..., T]:
    def run(*args: Any, **kwargs: Any) -> T:
        with _in_chinese():
            return method(*args, **kwargs)
    run.__name__, run.__doc__ = method.__name__, method.__doc__
    return run


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: two for a Chinese character (East Asian wide or full-width)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class AlignedFormatter(argparse.HelpFormatter):
    """argparse lines up the help column by len(), so "--year 年度" came out two columns short
    per Chinese character: the widths are measured as the terminal shows them."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            shown = display_width(self._format_action_invocation(action)) + self._current_indent
            self._action_max_length = max(self._action_max_length, shown)

    def _split_lines(self, text: str, width: int) -> list[str]:
        """The help wrapped at `width` columns as shown: between Chinese characters, or at spaces
        (a Latin word or an option stays whole)."""
        lines, line = [], ""
        for token in _TOKENS.findall(" ".join(text.split())):
            hangs = token in NO_LINE_START  # 避头尾: a closing mark stays at the end of its line
            if line and not hangs and display_width(line + token.rstrip()) > width:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        return [*lines, line.rstrip()] if line.strip() else lines

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        header = " " * self._current_indent + self._format_action_invocation(action)
        extra = display_width(header) - len(header)
        if not extra or not text.startswith(header + "  "):
            return text  # no Chinese in it, or argparse put the help on the next line already
        help_position = min(self._action_max_length + 2, self._max_help_position)
        rest = text[len(header):].lstrip(" ")
        if display_width(header) + 2 > help_position:  # too wide as shown: the help goes below
            return f"{header}\n{' ' * help_position}{rest}"
        return header + " " * (help_position - display_width(header)) + rest


class ChineseParser(argparse.ArgumentParser):
    """argparse.ArgumentParser saying its own words in Chinese, its help columns lined up for
    Chinese text; its subparsers are of this class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", AlignedFormatter)
        with _in_chinese():
            super().__init__(*args, **kwargs)
    add_subparsers = _chinese(argparse.ArgumentParser.add_subparsers)
    # parse_args says "unrecognized arguments" itself
    parse_args = _chinese(argparse.ArgumentParser.parse_args)  # type: ignore[assignment]
    parse_known_args = _chinese(argparse.ArgumentParser.parse_known_args)  # type: ignore[assignment]
    format_usage = _chinese(argparse.ArgumentParser.format_usage)

    def format_help(self) -> str:
        with _in_chinese():
            text = super().format_help()
        return _HEADING.sub("\\1：", text)  # argparse ends a section's heading with ":"

    def error(self, message: str) -> NoReturn:
        with _in_chinese():
            super().error(message)


def whole_number(text: str) -> int:
    """An integer as typed ("2026"), else argparse's usage error in Chinese."""
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为整数，“{text}”不是") from None
