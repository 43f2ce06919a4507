"""Citations shown to the secretary with every decision: the work rules (resources/seed/work-rules.txt)
by default, or the national 《党政机关公文处理工作条例》 (2012) where the work rules are silent on the
procedure of an official document (审核 before 签发, 份号 of classified copies)."""

from __future__ import annotations

from dataclasses import dataclass

CN_NUMBERS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    if n < 10:
        return CN_NUMBERS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_NUMBERS[tens]
    return head + "十" + (CN_NUMBERS[ones] if ones else "")


WORK_RULES = "工作规则"
DOCUMENT_REGULATIONS = "党政机关公文处理工作条例"


def cite(article: int, source: str = WORK_RULES) -> str:
    return f"依据《{source}》第{chinese_number(article)}条"


PRACTICE = "《工作规则》未作规定，按办公室惯例"


@dataclass(frozen=True)
class Reason:
    """Why something is required, allowed or refused. `article` None means office practice;
    `source` names the document the article is numbered in (the work rules unless said)."""

    text: str
    article: int | None = None
    source: str = WORK_RULES

    def __str__(self) -> str:
        source = cite(self.article, self.source) if self.article is not None else PRACTICE
        return f"{self.text}（{source}）"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reasons: tuple[Reason, ...] = ()

    @classmethod
    def yes(cls) -> Decision:
        return cls(True)

    @classmethod
    def no(cls, *reasons: Reason) -> Decision:
        return cls(False, tuple(reasons))

    def explain(self) -> str:
        return "；".join(str(r) for r in self.reasons)
