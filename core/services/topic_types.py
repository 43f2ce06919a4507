"""Plain results of the topic service: frozen dataclasses, never ORM objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from core.model.enums import Flag, MeetingKind, TopicStatus, WaitingOn
from core.rules.articles import PRACTICE, cite
from core.rules.topics import Action


@dataclass(frozen=True)
class TopicRow:
    id: int
    title: str
    lead_department: str
    target: MeetingKind
    status: TopicStatus
    waiting_on: WaitingOn
    supervisor: str
    submitted_on: dt.date


@dataclass(frozen=True)
class ChecklistLine:
    text: str
    article: int | None  # None: office practice, shown as such
    done: bool
    note: str = ""  # how it was met, e.g. an opinion signed by a deputy and the reason

    @property
    def citation(self) -> str:
        return cite(self.article) if self.article is not None else PRACTICE


@dataclass(frozen=True)
class ActionState:
    action: Action
    allowed: bool
    why_not: str  # empty when allowed; the reasons with their articles otherwise


@dataclass(frozen=True)
class MaterialRow:
    id: int
    name: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: str
    current: bool
    supersedes_id: int | None


@dataclass(frozen=True)
class OpinionRow:
    department_id: int
    department: str
    agrees: bool | None  # None: not given yet
    text: str
    signed_on: dt.date | None
    signer_name: str
    signer_is_principal: bool
    other_signer_reason: str


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    who: str
    on_behalf_of: str
    what: str


@dataclass(frozen=True)
class TopicDetail:
    id: int
    title: str
    summary: str
    lead_department_id: int
    lead_department: str
    involved: tuple[tuple[int, str], ...]
    target: MeetingKind
    flags: frozenset[Flag]
    major_category: str
    submitted_on: dt.date
    requested_date: dt.date | None
    contact: str
    status: TopicStatus
    waiting_on: WaitingOn
    supervisor: str
    reopened_from_id: int | None
    checklist: tuple[ChecklistLine, ...]
    actions: tuple[ActionState, ...]
    opinions: tuple[OpinionRow, ...]
    materials: tuple[MaterialRow, ...]
    history: tuple[HistoryEntry, ...]
    confirmed_by: str = ""  # who confirmed it last, and when ("" until confirmed)

    def action(self, action: Action) -> ActionState:
        return next(a for a in self.actions if a.action is action)
