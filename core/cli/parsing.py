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


class ChineseParser(argparse.ArgumentParser):
    """argparse.ArgumentParser saying its own words in Chinese; its subparsers are of this class too."""

    __init__ = _chinese(argparse.ArgumentParser.__init__)
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
