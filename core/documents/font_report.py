"""The fonts a document is printed with, said in one Chinese sentence for the window and the
command line: which roles stand in for the standard faces and with what, which are standard.

"本机未安装方正小标宋，标题用黑体代替；仿宋、黑体、楷体、宋体均为标准字体。"
Fonts are named as a reader knows them; the files are in details(), shown on demand (a tooltip,
设置 → 打印字体). Pure functions of the resolution (core.documents.fonts.resolution()), so each
platform's font set is tested by its sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.documents.font_catalog import Face
from core.documents.fonts import ResolvedFont

BODY = (Face.FANGSONG, Face.HEI, Face.KAI, Face.SONG)
MASTHEAD = "标题（小标宋）"


def substituted(chosen: Mapping[Face, ResolvedFont | None]) -> bool:
    """Some role is not printed in its standard face (or cannot be printed at all)."""
    return any(r is None or not r.standard for r in chosen.values())


def sentence(chosen: Mapping[Face, ResolvedFont | None], unembeddable: Sequence[str] = ()) -> str:
    """One sentence over the five roles; `unembeddable`: the CFF fonts installed but not usable."""
    mast = chosen.get(Face.BIAOSONG)
    standard = [f for f in BODY if _is_standard(chosen.get(f))]
    clauses = []
    missing = [f.value for f in Face if f in chosen and chosen[f] is None]
    if missing:
        clauses.append(f"{'、'.join(missing)}找不到可用的字体")
    alone = mast is not None and not mast.standard and bool(standard)
    if alone and mast is not None:
        clauses.append(f"本机未安装方正小标宋，标题用{_what(mast)}代替")
    clauses += _stand_ins(chosen, skip_masthead=alone)
    if _is_standard(mast):
        standard.append(Face.BIAOSONG)
    if standard:
        names = "、".join(f.value for f in standard)
        clauses.append(f"{names}{'均' if len(standard) > 1 else ''}为标准字体")
    if unembeddable and not standard:  # why the Noto CJK fonts of UOS and Kylin were passed over
        clauses.append(f"{'、'.join(unembeddable[:3])} 是 OpenType（CFF）字体，无法嵌入 PDF，未使用")
    lead = "" if standard else "本机没有标准公文字体，"
    return lead + "；".join(clauses) + "。"


def details(chosen: Mapping[Face, ResolvedFont | None]) -> str:
    """One line per role: "仿宋：AR PL UMing（uming.ttc），代替" — what prints it and from which file."""
    lines = []
    for face, found in chosen.items():
        name = MASTHEAD if face is Face.BIAOSONG else face.value
        if found is None:
            lines.append(f"{name}：找不到可用的字体")
        else:
            lines.append(f"{name}：{_what(found, file=True)}{'' if found.standard else '，代替'}")
    return "\n".join(lines)


def _stand_ins(chosen: Mapping[Face, ResolvedFont | None], *, skip_masthead: bool) -> list[str]:
    """"仿宋、宋体用AR PL UMing代替": the roles each stand-in prints, in role order."""
    groups: dict[tuple[str, bool], list[str]] = {}
    for face in (*BODY, Face.BIAOSONG):
        found = chosen.get(face)
        if found is None or found.standard or (face is Face.BIAOSONG and skip_masthead):
            continue
        name = MASTHEAD if face is Face.BIAOSONG else face.value
        groups.setdefault((_what(found), found.bold), []).append(name)
    return [f"{'、'.join(roles)}用{what}代替" for (what, _bold), roles in groups.items()]


def _what(found: ResolvedFont, *, file: bool = False) -> str:
    return ("加粗的" if found.bold else "") + (found.describe() if file else found.name)


def _is_standard(found: ResolvedFont | None) -> bool:
    return found is not None and found.standard
