"""The copy register of classified minutes (条例 §9（一）, 《工作规则》第五十五条): the 印数 planned
before 签发 numbers the copies 000001..N; printing takes the next planned numbers and records who
receives each, when, printed by whom (the account's name as a person); a lost copy is reprinted
under a new number that names the one it replaces. The issue record counts what the register holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import Invalid, NotFound, RuleRefusal
from core.model import Minutes, MinutesCopy
from core.model.enums import Classification, MinutesStatus
from core.rules import minutes as rules
from core.services.base import Service
from core.text import clean_line, clean_text

#: (份号, recipient, printed on, printed by, replaces, note); an unprinted planned copy has no date
RegisterRow = tuple[int, str, dt.date | None, str, int | None, str]


class CopyRegister(Service):
    today: Callable[[], dt.date]

    def register_copies(self, minutes_id: int, recipients: list[str], *, printed_on: dt.date) -> list[int]:
        """Number the copies about to be printed, one per recipient, from the planned 印数."""
        names = [clean_line(r, "接收单位或人员", max_len=200, required=True) for r in recipients]
        if not names:
            raise Invalid("请至少填写一个接收单位或人员。")
        self._check_day(printed_on, "印制日期")
        with self.transaction("print_classified") as s:  # 审核 prints too; 只读 prints nothing classified
            minutes = self._classified(s, minutes_id)
            self._not_before_issue(minutes, printed_on)
            free = self._unprinted(s, minutes)
            decision = rules.may_print(copies=minutes.copies, printed=minutes.copies - len(free), asked=len(names))
            if not decision.allowed:
                raise RuleRefusal(decision.explain() + "。")
            numbers = free[:len(names)]
            who = self.actor_name(s)
            s.add_all(MinutesCopy(minutes_id=minutes_id, copy_number=n, recipient=name, printed_on=printed_on,
                                  printed_by=who) for n, name in zip(numbers, names, strict=True))
            self.audit(s, "纪要.印制", "minutes", minutes_id,
                       f"份号 {numbers[0]:06d}–{numbers[-1]:06d}，共 {len(numbers)} 份（印数 {minutes.copies} 份）")
            return numbers

    def reprint_lost(self, minutes_id: int, lost_copy: int, *, printed_on: dt.date, reason: str) -> int:
        """A lost copy is replaced by a new numbered copy that names the one it replaces."""
        reason = clean_text(reason, "补印原因", max_len=500)
        if not reason:
            raise Invalid("补印须写明原因（如遗失的情况）。")
        self._check_day(printed_on, "印制日期")
        with self.transaction("print_classified") as s:
            minutes = self._classified(s, minutes_id)
            self._not_before_issue(minutes, printed_on)
            lost = s.scalar(select(MinutesCopy).where(MinutesCopy.minutes_id == minutes_id,
                                                      MinutesCopy.copy_number == lost_copy))
            if lost is None:
                raise NotFound(f"登记簿中没有份号 {lost_copy:06d}。")
            number = max(self._next_copy(s, minutes_id), minutes.copies + 1)  # never a planned number
            s.add(MinutesCopy(minutes_id=minutes_id, copy_number=number, recipient=lost.recipient,
                              printed_on=printed_on, printed_by=self.actor_name(s), replaces=lost_copy, note=reason))
            self.audit(s, "纪要.补印", "minutes", minutes_id, f"{number:06d} 补 {lost_copy:06d}：{reason}")
            return number

    def check_registered_copy(self, minutes_id: int, copy_number: int) -> None:
        """Classified minutes are written out only as a copy in the register (issue 11 §2)."""
        if not 1 <= copy_number <= 999_999:
            raise Invalid(f"份号须为 1 至 999999 的整数，{copy_number} 不是。")
        with self.transaction("print_classified") as s:
            self._classified(s, minutes_id)
            if s.scalar(select(MinutesCopy.copy_number).where(MinutesCopy.minutes_id == minutes_id,
                                                              MinutesCopy.copy_number == copy_number)) is None:
                raise NotFound(f"登记簿中没有份号 {copy_number:06d}：请先登记（印制时登记接收单位）再输出。")

    def record_classified_output(self, minutes_id: int, copy_number: int, how: str) -> None:
        """A registered copy of classified minutes written to a file: recorded under the account."""
        self.check_registered_copy(minutes_id, copy_number)
        with self.transaction("print_classified") as s:
            self.audit(s, "纪要.输出", "minutes", minutes_id, f"份号 {copy_number:06d}：{clean_line(how, '说明', max_len=300)}")

    def copy_register(self, minutes_id: int) -> list[RegisterRow]:
        """Every planned 份号 in number order (printed ones with recipient, date and printer; the
        others not yet printed), then the reprints of lost copies."""
        with self.reading() as s:
            minutes = self._get(s, Minutes, minutes_id, "纪要")
            rows = s.scalars(select(MinutesCopy).where(MinutesCopy.minutes_id == minutes_id)
                             .order_by(MinutesCopy.copy_number))
            printed: dict[int, RegisterRow] = {
                c.copy_number: (c.copy_number, c.recipient, c.printed_on, c.printed_by, c.replaces, c.note)
                for c in rows}
        planned = [printed.pop(n, (n, "", None, "", None, "")) for n in range(1, minutes.copies + 1)]
        return planned + sorted(printed.values())

    def copy_counts(self, s: Session, minutes_id: int) -> tuple[int, int]:
        """(printed from the plan, reprints of lost copies)."""
        reprints = int(s.scalar(select(func.count(MinutesCopy.id)).where(
            MinutesCopy.minutes_id == minutes_id, MinutesCopy.replaces.is_not(None))) or 0)
        return self._printed(s, minutes_id), reprints

    # --- helpers ----------------------------------------------------------------------------------

    def _check_day(self, day: dt.date, field: str) -> None:
        if day > self.today():
            raise Invalid(f"{field}不能晚于今天。")

    def _classified(self, s: Session, minutes_id: int) -> Minutes:
        minutes = self._get(s, Minutes, minutes_id, "纪要")
        if minutes.status is not MinutesStatus.ISSUED:
            raise Invalid("纪要印发后才能印制。")
        if minutes.classification is Classification.NONE:
            raise Invalid("非涉密纪要不编份号，无需登记。")
        return minutes

    @staticmethod
    def _not_before_issue(minutes: Minutes, printed_on: dt.date) -> None:
        if minutes.issued_on is not None and printed_on < minutes.issued_on:
            raise Invalid("印制日期不能早于印发日期。")

    @staticmethod
    def _unprinted(s: Session, minutes: Minutes) -> list[int]:
        """The planned numbers 1..印数 not yet on the register, in order."""
        used = set(s.scalars(select(MinutesCopy.copy_number).where(MinutesCopy.minutes_id == minutes.id)))
        return [n for n in range(1, minutes.copies + 1) if n not in used]

    @staticmethod
    def _printed(s: Session, minutes_id: int) -> int:
        return int(s.scalar(select(func.count(MinutesCopy.id)).where(
            MinutesCopy.minutes_id == minutes_id, MinutesCopy.replaces.is_(None))) or 0)

    @staticmethod
    def _next_copy(s: Session, minutes_id: int) -> int:
        return int(s.scalar(select(func.max(MinutesCopy.copy_number)).where(MinutesCopy.minutes_id == minutes_id))
                   or 0) + 1
