"""The text of minutes as structured content (saved as JSON in each version), and plain rows."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field

from core.model.enums import (
    Classification,
    DecisionType,
    MeetingKind,
    MinutesStatus,
    Publication,
    SensitiveMatter,
    Urgency,
)


@dataclass(frozen=True)
class DecisionItem:
    """一项议定事项: what was decided, of which type, who carries it out, by when (arts. 35, 36, 45)."""

    text: str
    type: DecisionType = DecisionType.AGREE_IN_PRINCIPLE
    responsible_id: int | None = None
    co_ids: tuple[int, ...] = ()
    deadline: dt.date | None = None
    matters: frozenset[SensitiveMatter] = frozenset()


@dataclass(frozen=True)
class Section:
    heading: str
    text: str
    topic_id: int | None = None
    decisions: tuple[DecisionItem, ...] = ()


@dataclass(frozen=True)
class MinutesContent:
    opening: str
    sections: tuple[Section, ...] = ()
    closing: str = "会议还研究了其他事项。"
    present: tuple[str, ...] = ()
    on_leave: tuple[str, ...] = ()  # "单位 姓名（事由）"; the unit and its space only for a unit's head
    observers: tuple[str, ...] = ()  # "单位 姓名", a substitute "单位 姓名（代）" (core.services.minutes_draft)
    # A 专题会议's subject title, printed under the 版头 ("关于……的专题会议纪要"); part of the text, so
    # a change is a new version that needs its own 核稿, and it is fixed by the signature.
    title: str = ""

    @property
    def decisions(self) -> list[DecisionItem]:
        return [d for s in self.sections for d in s.decisions]

    @property
    def matters(self) -> frozenset[SensitiveMatter]:
        return frozenset(m for d in self.decisions for m in d.matters)

    def to_json(self) -> str:
        def plain(value: object) -> object:
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple | frozenset | set):
                items = [plain(v) for v in value]
                return sorted(items, key=str) if isinstance(value, frozenset | set) else items
            if isinstance(value, dt.date):
                return value.isoformat()
            if hasattr(value, "name") and hasattr(value, "value"):
                return value.name  # type: ignore[attr-defined]
            return value

        return json.dumps(plain(asdict(self)), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> MinutesContent:
        raw = json.loads(text)
        sections = tuple(
            Section(s["heading"], s["text"], s.get("topic_id"), tuple(
                DecisionItem(d["text"], DecisionType[d["type"]], d.get("responsible_id"), tuple(d.get("co_ids", ())),
                             dt.date.fromisoformat(d["deadline"]) if d.get("deadline") else None,
                             frozenset(SensitiveMatter[m] for m in d.get("matters", ())))
                for d in s.get("decisions", ())))
            for s in raw.get("sections", ()))
        return cls(raw["opening"], sections, raw.get("closing", ""), tuple(raw.get("present", ())),
                   tuple(raw.get("on_leave", ())), tuple(raw.get("observers", ())), raw.get("title", ""))

    def plain_lines(self) -> list[str]:
        """The text as lines, for comparing two versions side by side."""
        lines = [f"标题：{self.title}"] if self.title else []
        lines += [self.opening]
        for s in self.sections:
            lines += [s.heading, s.text]
            lines += [f"  议定事项：{d.type.value}｜{d.text}" for d in s.decisions]
        lines += [self.closing, "出席：" + "、".join(self.present), "请假：" + "、".join(self.on_leave),
                  "列席：" + "、".join(self.observers)]
        return lines


@dataclass(frozen=True)
class Particulars:
    """What the signing sheet shows besides the text (条例 §9; 版记: 抄送, 印发机关, 印发日期): set
    while drafting, covered by the signature, kept by a corrected edition unless changed there."""

    classification: Classification = Classification.NONE
    secrecy_period: str = ""
    urgency: Urgency = Urgency.NONE
    publication: Publication = Publication.ON_REQUEST
    publication_reason: str = ""
    main_to: str = ""
    copy_to: str = ""
    copies: int = 0  # 印数; classified minutes: the numbered copies planned on the register


@dataclass(frozen=True)
class NextStep:
    """The next step of the order and who takes it, named from the roster, with its basis."""

    what: str
    who: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class MinutesDetail:
    id: int
    meeting_id: int
    meeting_name: str
    kind: MeetingKind
    edition: int
    corrects_id: int | None
    status: MinutesStatus
    mark: str  # 纪要标志, e.g. 澄溪区人民政府常务会议纪要
    version: int
    content: MinutesContent
    drafter: str
    reviewer: str
    reviewed_on: dt.date | None
    signer: str
    signer_label: str  # shown and printed, e.g. 乙常务（受甲区长委托）
    signed_on: dt.date | None
    sign_opinion: str
    consent_by: str
    consent_on: dt.date | None
    serial_text: str
    classification: Classification
    secrecy_period: str
    urgency: Urgency
    publication: Publication
    publication_reason: str
    main_to: str
    copy_to: str
    copies: int
    issued_on: dt.date | None
    office_name: str
    reviewed_version: int | None = None  # the version the 核稿 covers
    review_entered_by: str = ""
    sign_entered_by: str = ""
    consent_entered_by: str = ""
    issued_by: str = ""
    printed: int = 0  # numbered copies printed from the 印数 (classified)
    reprinted: int = 0  # lost copies reprinted under new numbers

    @property
    def particulars(self) -> Particulars:
        return Particulars(self.classification, self.secrecy_period, self.urgency, self.publication,
                           self.publication_reason, self.main_to, self.copy_to, self.copies)

    @property
    def subject_title(self) -> str:
        """The title printed under the 版头: a 专题会议's subject ("关于……的专题会议纪要"); the other
        kinds' minutes have none (their 标志 names them)."""
        return self.content.title.strip() if self.kind is MeetingKind.THEMATIC else ""

    @property
    def reviewed(self) -> bool:
        """The 核稿 covers the version shown (a later version needs its own)."""
        return self.reviewed_version is not None and self.reviewed_version == self.version


@dataclass(frozen=True)
class SigningView:
    authority: str
    acting: str
    consent_needed: bool
    reasons: tuple[str, ...]
    signer_ids: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class MinutesRow:
    id: int
    meeting_id: int
    meeting_name: str
    day: dt.date
    edition: int
    status: MinutesStatus
    serial_text: str
