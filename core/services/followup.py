"""Follow-up (督办, arts. 35, 36): items created when minutes are issued, one per decision with
a responsible unit; dated progress notes with feedback files; closure with date and who closed it;
views of what is open, due within 7 days, overdue, by unit and by leader."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.errors import HuiwuError, Invalid, NotFound
from core.model import Department, FollowUp, FollowUpNote, MaterialContent, MaterialText, Minutes, Person
from core.model.enums import Classification, DecisionType, FollowUpStatus
from core.services import material_text
from core.services.audit import now_iso
from core.services.base import Service
from core.services.material_files import check_intake
from core.services.minutes_types import DecisionItem
from core.services.topics import read_material
from core.text import clean_text

DUE_DAYS = 7


@dataclass(frozen=True)
class PlannedItem:
    """A decision about to become a follow-up item, with the leader found from the roster."""

    decision: DecisionItem
    topic_id: int | None
    leader_id: int | None


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    minutes_id: int
    decision: str
    decision_type: DecisionType
    department: str
    co_departments: str
    leader: str
    deadline: dt.date | None
    status: FollowUpStatus
    closed_on: dt.date | None
    last_note: str
    closed_by: str = ""
    closing_note: str = ""
    classified: bool = False  # its minutes carry a 密级: printed only by accounts that may print_classified

    def overdue(self, today: dt.date) -> bool:
        return self.status is FollowUpStatus.OPEN and self.deadline is not None and self.deadline < today


@dataclass(frozen=True)
class FollowUpReport:
    """The rows a summary PDF may print for the logged-in account, and how many were left out
    because they come from classified minutes the account may not print."""

    rows: list[FollowUpRow]
    omitted: int = 0


def create_items(s: Session, minutes_id: int, planned: list[PlannedItem]) -> int:
    """Inside the issuing transaction: one open item per decision with a responsible unit."""
    names = dict(s.execute(select(Department.id, Department.name)).all())
    count = 0
    for p in planned:
        d = p.decision
        if d.responsible_id is None:
            continue
        s.add(FollowUp(minutes_id=minutes_id, topic_id=p.topic_id, decision=d.text, decision_type=d.type,
                       department_id=d.responsible_id, co_departments="、".join(names.get(c, "") for c in d.co_ids),
                       leader_id=p.leader_id, deadline=d.deadline, status=FollowUpStatus.OPEN))
        count += 1
    return count


class FollowUpService(Service):
    def __init__(self, sessions: sessionmaker[Session], actor: Callable[[], str],
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(sessions, actor)
        self.today = today

    def add_note(self, item_id: int, *, noted_on: dt.date, text: str, file: Path | None = None) -> int:
        text = clean_text(text, "办理情况")
        if not text:
            raise Invalid("请填写办理情况。")
        if noted_on > self.today():
            raise Invalid("反馈日期不能晚于今天。")
        data = read_material(Path(file)) if file is not None else None
        extracted = None
        if file is not None and data is not None:
            check_intake(Path(file).name, data)  # the same rule as a topic's materials
            extracted = material_text.extract(Path(file).name, data)  # for the search, outside the transaction
        with self.transaction() as s:
            item = self._get(s, FollowUp, item_id, "督办事项")
            if item.status is FollowUpStatus.CLOSED:
                raise Invalid("该督办事项已办结，不能再添加办理情况。")
            content_id = None
            if data is not None:
                content = MaterialContent(data=data)
                s.add(content)
                s.flush()
                content_id = content.id
                if extracted is not None:
                    s.add(MaterialText(content_id=content_id, text=extracted.text, note=extracted.note))
            note = FollowUpNote(follow_up_id=item_id, noted_on=noted_on, text=text,
                                file_name=Path(file).name if file is not None else "", content_id=content_id,
                                entered_by=self.actor_name(s), entered_at=now_iso(), on_behalf_of="")
            s.add(note)
            s.flush()
            self.audit(s, "督办.反馈", "follow_up", item_id, text[:80])
            return note.id

    def close(self, item_id: int, *, closed_on: dt.date, note: str = "") -> None:
        if closed_on > self.today():
            raise Invalid("办结日期不能晚于今天。")
        with self.transaction() as s:
            item = self._get(s, FollowUp, item_id, "督办事项")
            if item.status is FollowUpStatus.CLOSED:
                raise Invalid("该督办事项已办结。")
            item.status, item.closed_on, item.closed_by = FollowUpStatus.CLOSED, closed_on, self.actor_name(s)
            item.closing_note = clean_text(note, "办结说明")
            self.audit(s, "督办.办结", "follow_up", item_id, item.closing_note[:80])

    def items(self, *, view: str = "open", department_id: int | None = None,
              leader_id: int | None = None) -> list[FollowUpRow]:
        """view: open, due (within 7 days), overdue, closed or all."""
        today = self.today()
        query = select(FollowUp).order_by(FollowUp.deadline.is_(None), FollowUp.deadline, FollowUp.id)
        if view in ("open", "due", "overdue"):
            query = query.where(FollowUp.status == FollowUpStatus.OPEN)
        if view == "due":
            query = query.where(FollowUp.deadline >= today, FollowUp.deadline <= today + dt.timedelta(days=DUE_DAYS))
        elif view == "overdue":
            query = query.where(FollowUp.deadline < today)
        elif view == "closed":
            query = query.where(FollowUp.status == FollowUpStatus.CLOSED)
        elif view not in ("open", "all"):
            raise Invalid(f"未知的督办视图：{view}")
        if department_id is not None:
            query = query.where(FollowUp.department_id == department_id)
        if leader_id is not None:
            query = query.where(FollowUp.leader_id == leader_id)
        with self.reading() as s:
            depts = dict(s.execute(select(Department.id, Department.name)).all())
            people = dict(s.execute(select(Person.id, Person.name)).all())
            classified = set(s.scalars(select(Minutes.id).where(Minutes.classification != Classification.NONE)))
            rows = []
            for f in s.scalars(query):
                last = s.scalar(select(FollowUpNote.text).where(FollowUpNote.follow_up_id == f.id)
                                .order_by(FollowUpNote.noted_on.desc(), FollowUpNote.id.desc()).limit(1))
                rows.append(FollowUpRow(f.id, f.minutes_id, f.decision, f.decision_type, depts.get(f.department_id, ""),
                                        f.co_departments, people.get(f.leader_id, "") if f.leader_id else "",
                                        f.deadline, f.status, f.closed_on, last or "", f.closed_by, f.closing_note,
                                        f.minutes_id in classified))
            return rows

    def report_rows(self, *, view: str = "open", department_id: int | None = None,
                    leader_id: int | None = None) -> FollowUpReport:
        """The rows of `items` for the summary PDF: without those from classified minutes when the
        account may not print classified text (只读 views them on screen, prints none of them)."""
        if not self.may("print"):
            raise HuiwuError("当前账户的角色不能打印。")
        rows = self.items(view=view, department_id=department_id, leader_id=leader_id)
        if self.may("print_classified"):
            return FollowUpReport(rows)
        kept = [r for r in rows if not r.classified]
        return FollowUpReport(kept, len(rows) - len(kept))

    def record_export(self, report: FollowUpReport, file_name: str, title: str) -> None:
        """The audit record of a summary PDF written (as 审计.导出 records the trail's export)."""
        summary = f"导出 {len(report.rows)} 项督办事项到 {file_name}（{title}）"
        if report.omitted:
            summary += f"，不含涉密纪要的 {report.omitted} 项"
        with self.transaction("print") as s:
            self.audit(s, "督办.导出", "follow_up", "", summary)

    def notes(self, item_id: int) -> list[tuple[dt.date, str, str, int]]:
        """(date, text, feedback file name, note id) in date order."""
        with self.reading() as s:
            self._get(s, FollowUp, item_id, "督办事项")
            return [(n.noted_on, n.text, n.file_name, n.id) for n in s.scalars(
                select(FollowUpNote).where(FollowUpNote.follow_up_id == item_id).order_by(FollowUpNote.noted_on))]

    def note_file(self, note_id: int) -> tuple[str, bytes]:
        """The feedback file of a progress note: its name and bytes (kept inside the encrypted file)."""
        with self.reading() as s:
            note = self._get(s, FollowUpNote, note_id, "办理情况")
            if note.content_id is None:
                raise NotFound("这条办理情况没有反馈材料。")
            return note.file_name, bytes(self._get(s, MaterialContent, note.content_id, "反馈材料").data)



