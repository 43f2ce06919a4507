"""Bigram text: how the search index sees a text, and how a typed term becomes an FTS5 query.

Chinese has no spaces, and most terms people type are one or two characters (预算, 停车), which a
trigram index cannot find. So each text is cut into runs of letters and digits (punctuation and
spaces end a run), and each run is written as its overlapping two-character tokens plus its last
character alone: 停车场收费 -> "停车 车场 场收 收费 费". Then

- a one-character term X is the prefix query X* (every X starts a token);
- a two-character term is its token;
- a longer term is the phrase of its bigrams ("停车 车场"), and a phrase matches consecutive
  tokens only, so it is an exact substring match (a run's last-character token keeps two runs from
  joining into a false match).

Folding is the same on both sides and keeps every character in place (one character in, one
out), so a match found in the folded text is at the same offsets in the original: lower case,
full-width Latin letters and digits (ＧＤＰ２０２６) as half-width.

`grams` is registered on every connection as the SQL function huiwu_grams (core.store.engine) and
called by the index's triggers; it must stay deterministic, and a change to its output needs a
migration that rebuilds the index.
"""

from __future__ import annotations

import re

SQL_FUNCTION = "huiwu_grams"

# Letters and digits of any script (str.isalnum), without the underscore that \w adds.
_RUN = re.compile(r"[^\W_]+")
# Full-width Latin letters and digits (ＧＤＰ２０２６): as half-width, one character for one. Only
# these: full-width punctuation（，）is in every Chinese text, and separates runs either way.
_FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _half(match: re.Match[str]) -> str:
    return chr(ord(match.group()) - 0xFEE0)


def fold(text: str) -> str:
    """Lower case, full-width Latin as half-width; always as long as `text`."""
    half = _FULL_WIDTH.sub(_half, text)
    folded = half.lower()
    if len(folded) == len(half):
        return folded
    # A few letters lower to two characters (İ -> i̇): those stay as they are.
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in half)


def runs(text: str) -> list[str]:
    """The folded runs of letters and digits of `text`."""
    return _RUN.findall(fold(text))


def grams(text: str | None) -> str:
    """The index text of `text`: each run's bigrams and its last character, space-separated."""
    if not text:
        return ""
    tokens: list[str] = []
    for run in runs(text):
        tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
        tokens.append(run[-1])
    return " ".join(tokens)


def run_query(run: str) -> str:
    """The FTS5 query for one folded run. Tokens hold letters and digits only, so quoting them
    needs no escaping and nothing the user typed can become FTS5 syntax (AND, *, -, quotes)."""
    if len(run) == 1:
        return f'"{run}" *'
    return '"' + " ".join(run[i:i + 2] for i in range(len(run) - 1)) + '"'


def match_expression(term_runs: list[str]) -> str:
    """Every run must occur (FTS5 joins terms with AND)."""
    return " AND ".join(run_query(run) for run in term_runs)
