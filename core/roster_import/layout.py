"""The roster file's layout: one table per sheet (or per CSV file), its columns and example rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NOTE_MAX = 2000
REASON_MAX = 200


@dataclass(frozen=True)
class Column:
    header: str
    required: bool
    help: str


@dataclass(frozen=True)
class Layout:
    sheet: str
    columns: tuple[Column, ...]
    examples: tuple[tuple[object, ...], ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def required(self) -> set[str]:
        return {c.header for c in self.columns if c.required}


_D = dt.date
DEPARTMENTS = Layout("单位", (
    Column("名称", True, "单位全称，如“区财政局”；同名单位已存在时沿用，不作修改"),
    Column("简称", False, "如“财政局”"),
    Column("类别", True, "组成部门、镇街、区属国有企业、其他单位"),
    Column("合法性审查单位", False, "填“是”或留空；全区只能有一个（通常为区司法局）"),
    Column("备注", False, ""),
), (("区司法局", "司法局", "组成部门", "是", ""),))

APPOINTMENTS = Layout("人员任职", (
    Column("姓名", True, "人员姓名"),
    Column("人员备注", False, "区分同名人员，如所在单位；同名人员必须填写不同的备注"),
    Column("职务", False, "区长、常务副区长、副区长、政府党组成员、区政府办公室主任、区政府办公室副主任、"
                        "主要负责人、副职负责人、其他；留空表示只登记人员"),
    Column("所在单位", False, "主要负责人、副职负责人必填，须是“单位”表中或已有的单位"),
    Column("职务名称", False, "对外显示的职务，如“局长”“镇长”；留空则显示职务"),
    Column("开始日期", False, "填写职务时必填，如 2024-01-01"),
    Column("结束日期", False, "留空表示现任"),
), (("王某某", "", "区长", "", "", _D(2024, 1, 1), None),
    ("李某某", "", "副区长", "", "", _D(2024, 1, 1), None),
    ("赵某某", "", "副区长", "", "", _D(2024, 1, 1), None),
    ("孙某某", "", "主要负责人", "区司法局", "局长", _D(2024, 1, 1), None)))

PORTFOLIOS = Layout("分管", (
    Column("分管领导", True, "副区长、常务副区长或政府党组成员的姓名；同名时写“姓名（备注）”"),
    Column("单位", True, "被分管的单位名称"),
    Column("开始日期", True, "如 2024-01-01"),
    Column("结束日期", False, "留空表示至今"),
), (("李某某", "区司法局", _D(2024, 1, 1), None),))

PARTNERSHIPS = Layout("AB角", (
    Column("A角", True, "领导姓名"),
    Column("B角", True, "领导姓名；每人同一日期只能有一位AB角"),
    Column("开始日期", True, "如 2024-01-01"),
    Column("结束日期", False, "留空表示至今"),
), (("李某某", "赵某某", _D(2024, 1, 1), None),))

DELEGATIONS = Layout("委托", (
    Column("委托人", True, "区长或副区长姓名"),
    Column("受托人", True, "主持区政府工作：常务副区长；分管工作：委托人的AB角"),
    Column("委托事项", True, "主持区政府工作、分管工作、其他事项"),
    Column("开始日期", True, "如 2024-03-04"),
    Column("结束日期", True, "委托必须有结束日期"),
    Column("事由", False, "如“出差”“出访”"),
), (("李某某", "赵某某", "分管工作", _D(2024, 3, 4), _D(2024, 3, 8), "出差"),))

LAYOUTS = (DEPARTMENTS, APPOINTMENTS, PORTFOLIOS, PARTNERSHIPS, DELEGATIONS)
HELP_SHEET = "说明"
