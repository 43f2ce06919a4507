"""The roster's table model: sorting happens on the Python list, Chinese by pinyin, empty dates last."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt

from gui.roster.table import Column, RowsModel, day_text


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    end: dt.date | None


def test_sorting_by_name_follows_pinyin_and_dates_put_ongoing_last(qapp) -> None:  # type: ignore[no-untyped-def]
    model = RowsModel([Column("姓名", lambda r: r.name),
                       Column("结束日期", lambda r: day_text(r.end, "至今"), sort_key=lambda r: r.end)])
    model.set_rows([Row(1, "张三", None), Row(2, "阿木", dt.date(2024, 1, 1)), Row(3, "李四", dt.date(2023, 5, 1))])
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [r.name for r in model.rows] == ["阿木", "李四", "张三"]
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [r.id for r in model.rows] == [3, 2, 1]
    assert model.data(model.index(2, 1)) == "至今"
    assert model.data(model.index(0, 1)) == "2023年5月1日"
    model.set_rows([Row(4, "王五", None), Row(5, "赵六", dt.date(2020, 1, 1))])  # new rows keep the sort
    assert [r.id for r in model.rows] == [5, 4]
    assert model.row_of_id(4) == 1 and model.row_at(9) is None
