"""The minutes workflow: a draft generated from the held meeting, versioned saves, 核稿 by a
person of the roster, sign-off by the correct signer (art. 45, with delegation art. 5) of a
reviewed text only (条例 §20), the mayor's consent where needed, issue with serial number, and
corrections as new editions that keep the particulars of the edition they correct.

The particulars the signing sheet shows (密级, 紧急程度, 公开属性, 主送, 抄送, 印数) are set while
drafting and fixed by the signature, like the text (条例 §25（一）); issue adds the date and 文号.
Who did what is named as a person: the leaders and the reviewer from the roster, the clerk by the
account's display name (core.services.base.actor_name).

Roster facts (the mayor, delegations) are read through the roster service before each write
transaction; each public method writes in one transaction with an audit record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from core.errors import Invalid, NotFound, RuleRefusal
from core.model import (
    Appointment,
    Department,
    Meeting,
    Minutes,
    MinutesVersion,
    Person,
    Setting,
)
from core.model.enums import (
    ApprovalManner,
    Classification,
    DelegationScope,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    Post,
    Publication,
    Urgency,
)
from core.rules import minutes as rules
from core.rules.minutes import Cover, ParticularsFacts, Progress, SigningFacts, SigningRoute
from core.services.audit import now_iso
from core.services.followup import PlannedItem, create_items
from core.services.meeting_types import meeting_name
from core.services.meetings import MeetingService, leader_post
from core.services.minutes_copies import CopyRegister
from core.services.minutes_draft import draft_content
from core.services.minutes_types import (
    DecisionItem,
    MinutesContent,
    MinutesDetail,
    MinutesRow,
    NextStep,
    Particulars,
    Section,
    SigningView,
)
from core.services.roster import RosterService
from core.text import clean_line, clean_text

#: who may take the 核稿 for the office (条例 §20: 发文机关办公厅（室）), offered first in the form
OFFICE_POSTS = (Post.OFFICE_DIRECTOR, Post.OFFICE_DEPUTY_DIRECTOR)
DEFAULT_SERIAL = "〔{year}〕{n}号"
MARK_SUFFIX = {MeetingKind.PLENARY: "全体会议纪要", MeetingKind.EXECUTIVE: "常务会议纪要",
               MeetingKind.MAYOR_OFFICE: "区长办公会议纪要", MeetingKind.THEMATIC: "专题会议纪要"}
TEXT_MAX = 20000
#: the particulars the signing sheet shows, with their names (the audit says which changed)
PARTICULARS = {"classification": "密级", "secrecy_period": "保密期限", "urgency": "紧急程度",
               "publication": "公开属性", "publication_reason": "不予公开理由", "main_to": "主送",
               "copy_to": "抄送", "copies": "印数"}


def serial_setting(kind: MeetingKind) -> str:
    return f"minutes_serial_format.{kind.name}"


def mark_text(kind: MeetingKind, office_name: str) -> str:
    """纪要标志: ××区人民政府常务会议纪要 (GBT9704.md §3.2); 区长办公会议纪要 stands alone."""
    government = re.sub(r"办公室$", "", office_name.strip()) or "区人民政府"
    return MARK_SUFFIX[kind] if kind is MeetingKind.MAYOR_OFFICE else government + MARK_SUFFIX[kind]


class MinutesService(CopyRegister):
    def __init__(self, sessions: sessionmaker[Session], actor: Callable[[], str], roster: RosterService,
                 meetings: MeetingService, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(sessions, actor)
        self._roster = roster
        self._meetings = meetings
        self.today = today

    # --- drafting --------------------------------------------------------------------------------

    def draft(self, meeting_id: int) -> int:
        """A first draft from the held meeting (core.services.minutes_draft)."""
        detail = self._meetings.detail(meeting_id)
        if detail.status is not MeetingStatus.HELD:
            raise Invalid(f"{detail.name}尚未登记为已召开，不能起草纪要。")
        with self.transaction() as s:
            if s.scalar(select(Minutes.id).where(Minutes.meeting_id == meeting_id)) is not None:
                raise Invalid(f"{detail.name}已有纪要，请打开继续编辑。")
            minutes = self._new_edition(s, meeting_id, 1, None, detail.kind)
            self._add_version(s, minutes.id, draft_content(s, detail))
            self.audit(s, "纪要.起草", "minutes", minutes.id, detail.name)
            return minutes.id

    def _new_edition(self, s: Session, meeting_id: int, edition: int, corrects: Minutes | None,
                     kind: MeetingKind) -> Minutes:
        """A new edition in drafting. A correction keeps every particular of the edition it corrects
        (主送, 抄送, 密级 and the rest of the 版记) until changed in it."""
        public = kind in (MeetingKind.PLENARY, MeetingKind.EXECUTIVE)  # art. 24
        who = self.actor_name(s)
        minutes = Minutes(meeting_id=meeting_id, edition=edition, corrects_id=corrects.id if corrects else None,
                          status=MinutesStatus.DRAFT, drafter=who, classification=Classification.NONE,
                          urgency=Urgency.NONE, publication=Publication.PUBLIC if public else Publication.ON_REQUEST,
                          entered_by=who, entered_at=now_iso(), on_behalf_of="")
        if corrects is not None:
            for name in PARTICULARS:
                setattr(minutes, name, getattr(corrects, name))
        s.add(minutes)
        s.flush()
        return minutes

    def save(self, minutes_id: int, content: MinutesContent) -> int:
        """Every save is a new version; a reviewed draft goes back to drafting when changed: the
        new version needs its own 核稿 before 签发 (条例 §20)."""
        content = self._checked(content)
        with self.transaction() as s:
            minutes = self._editable(s, minutes_id)
            if content.title and self._get(s, Meeting, minutes.meeting_id, "会议").kind is not MeetingKind.THEMATIC:
                raise Invalid("只有专题会议纪要在版头下标注标题；其他会议的纪要以纪要标志为题。")
            number = self._add_version(s, minutes_id, content)
            if minutes.status is MinutesStatus.REVIEWED:
                minutes.status = MinutesStatus.DRAFT
            self.audit(s, "纪要.保存", "minutes", minutes_id, f"第 {number} 稿")
            return number

    def _checked(self, content: MinutesContent) -> MinutesContent:
        def text(value: str, field: str) -> str:
            return clean_text(value, field, max_len=TEXT_MAX)

        sections = tuple(Section(clean_line(sec.heading, "标题", max_len=200, required=True), text(sec.text, "正文"),
                                 sec.topic_id, tuple(DecisionItem(text(d.text, "议定事项"), d.type, d.responsible_id,
                                                                  d.co_ids, d.deadline, d.matters)
                                                     for d in sec.decisions))
                         for sec in content.sections)
        return MinutesContent(text(content.opening, "开头"), sections, text(content.closing, "结尾"),
                              tuple(clean_line(n, "出席", max_len=200) for n in content.present),
                              tuple(clean_line(n, "请假", max_len=200) for n in content.on_leave),
                              tuple(clean_line(n, "列席", max_len=200) for n in content.observers),
                              clean_line(content.title, "纪要标题", max_len=200))

    def _add_version(self, s: Session, minutes_id: int, content: MinutesContent) -> int:
        number = int(s.scalar(select(func.max(MinutesVersion.number)).where(
            MinutesVersion.minutes_id == minutes_id)) or 0) + 1
        s.add(MinutesVersion(minutes_id=minutes_id, number=number, saved_by=self.actor_name(s), saved_at=now_iso(),
                             content=content.to_json()))
        s.flush()
        return number

    def set_particulars(self, minutes_id: int, particulars: Particulars) -> None:
        """密级 and 保密期限, 紧急程度, 公开属性, 主送, 抄送, 印数: what the signing sheet shows with the
        text. Only before 签发 (条例 §25（一）); classified minutes plan at least one numbered copy."""
        p = self._checked_particulars(particulars)
        with self.transaction() as s:
            minutes = self._editable(s, minutes_id)
            before = {name: getattr(minutes, name) for name in PARTICULARS}
            after = {name: getattr(p, name) for name in PARTICULARS}
            if before == after:
                return
            for name, value in after.items():
                setattr(minutes, name, value)
            changed = "、".join(PARTICULARS[name] for name in PARTICULARS if before[name] != after[name])
            self.audit(s, "纪要.发文要素", "minutes", minutes_id, f"修改{changed}")

    @staticmethod
    def _checked_particulars(p: Particulars) -> Particulars:
        secrecy = clean_line(p.secrecy_period, "保密期限", max_len=20)
        reason = clean_text(p.publication_reason, "不予公开理由", max_len=500)
        publication = p.publication
        if p.classification is not Classification.NONE:
            publication = Publication.NOT_PUBLIC
            reason = reason or f"涉及{p.classification.value}级国家秘密"
        else:
            secrecy = ""
        if publication is not Publication.NOT_PUBLIC:
            reason = ""
        copies = p.copies
        if not isinstance(copies, int) or isinstance(copies, bool) or not 0 <= copies <= 100000:
            raise Invalid("印数应为 0 至 100000 之间的整数。")
        problems = rules.particulars_problems(ParticularsFacts(
            p.classification, secrecy, copies, publication is Publication.NOT_PUBLIC, reason))
        if problems:
            raise RuleRefusal("；".join(str(r) for r in problems) + "。")
        return Particulars(p.classification, secrecy, p.urgency, publication, reason,
                           clean_text(p.main_to, "主送", max_len=1000), clean_text(p.copy_to, "抄送", max_len=1000),
                           copies)

    def review(self, minutes_id: int, *, reviewer_id: int, on: dt.date) -> None:
        """核稿 of the latest version by a person of the roster (条例 §20: the office reviews before
        签发), on a day between the meeting and today; who entered it is recorded beside."""
        self._check_day(on, "核稿日期")
        with self.transaction("review") as s:
            minutes = self._get(s, Minutes, minutes_id, "纪要")
            decision = rules.may_review(self._progress(s, minutes))
            if not decision.allowed:
                raise RuleRefusal(decision.explain() + "。")
            meeting = self._get(s, Meeting, minutes.meeting_id, "会议")
            if on < meeting.day:
                raise Invalid("核稿日期不能早于会议日期。")
            reviewer = self._get(s, Person, reviewer_id, "核稿人")
            version = self._latest(s, minutes_id)
            minutes.reviewer, minutes.reviewer_id, minutes.reviewed_on = reviewer.name, reviewer.id, on
            minutes.reviewed_version, minutes.review_entered_by = version, self.actor_name(s)
            minutes.status = MinutesStatus.REVIEWED
            self.audit(s, "纪要.核稿", "minutes", minutes_id, f"第 {version} 稿，核稿人 {reviewer.name}")

    def reviewer_choices(self, on: dt.date) -> list[tuple[int, str]]:
        """Who may be chosen as 核稿人 on the day: the office's director and deputy directors
        first (条例 §20), then the person the logged-in account is, then everyone else on the roster."""
        with self.reading() as s:
            own = self.actor_person_id(s)
            office = self._office_heads(s, on)
            people = s.execute(select(Person.id, Person.name).order_by(Person.sort_order, Person.id)).all()
        out: list[tuple[int, str]] = []
        for pid, name, post in office:
            if all(pid != seen for seen, _ in out):
                out.append((pid, f"{post.label} {name}"))
        first = [(pid, name) for pid, name in people if pid == own and all(pid != seen for seen, _ in out)]
        rest = [(pid, name) for pid, name in people if pid != own and all(pid != seen for seen, _ in out)]
        return out + first + rest

    @staticmethod
    def _office_heads(s: Session, on: dt.date) -> list[tuple[int, str, Post]]:
        """The office's director, then its deputy directors, on the day (person, name, post)."""
        rows = s.execute(
            select(Person.id, Person.name, Appointment.post, Person.sort_order)
            .join(Appointment, Appointment.person_id == Person.id)
            .where(Appointment.post.in_(OFFICE_POSTS), Appointment.start_date <= on,
                   Appointment.end_date.is_(None) | (Appointment.end_date >= on))).all()
        ordered = sorted(rows, key=lambda r: (OFFICE_POSTS.index(r[2]), r[3], r[0]))
        return [(pid, name, post) for pid, name, post, _order in ordered]

    def own_person(self) -> int | None:
        """The roster person of the logged-in account (the 核稿 form preselects it)."""
        with self.reading() as s:
            return self.actor_person_id(s)

    # --- sign-off, consent, issue --------------------------------------------------------------

    def route(self, minutes_id: int, sign_on: dt.date) -> SigningRoute:
        with self.reading() as s:
            minutes = self._get(s, Minutes, minutes_id, "纪要")
            meeting = self._get(s, Meeting, minutes.meeting_id, "会议")
            kind, presider = meeting.kind, meeting.presider_id
            content = self._content(s, minutes_id)
        mayors = self._roster.holders(Post.MAYOR, sign_on)
        mayor = mayors[0].id if mayors else None
        authority = presider if kind is MeetingKind.THEMATIC else mayor
        scope = DelegationScope.PORTFOLIO if kind is MeetingKind.THEMATIC else DelegationScope.GOVERNMENT_WORK
        covers: tuple[Cover, ...] = ()
        if authority is not None:
            acting = self._roster.acting_for(authority, sign_on, scope)
            if acting is not None:
                covers = (Cover(acting.acting.id, acting.start, acting.end),)
        return rules.signing_route(SigningFacts(kind, presider, mayor, sign_on, content.matters, covers))

    def signing_view(self, minutes_id: int, sign_on: dt.date) -> SigningView:
        r = self.route(minutes_id, sign_on)
        with self.reading() as s:
            authority = (leader_post(s, r.authority_id, sign_on) + self._name(s, r.authority_id)
                         if r.authority_id else "（名册中无在任签发人）")
            acting = leader_post(s, r.acting_id, sign_on) + self._name(s, r.acting_id) if r.acting_id else ""
        ids = tuple(i for i in (r.authority_id, r.acting_id) if i is not None)
        return SigningView(authority, acting, r.consent_needed, tuple(str(x) for x in r.reasons), ids)

    def sign(self, minutes_id: int, *, signer_id: int, signed_on: dt.date, opinion: str = "同意") -> None:
        """Sign-off of the reviewed version (条例 §20) with opinion, name and full date (条例 §22:
        圈阅 counts as agreement); the text, the particulars and the date are fixed from now on."""
        self._check_day(signed_on, "签发日期")
        with self.reading() as s:
            decision = rules.may_sign(self._progress(s, self._get(s, Minutes, minutes_id, "纪要")))
        if not decision.allowed:
            raise RuleRefusal(decision.explain() + "。")
        route = self.route(minutes_id, signed_on)
        decision = rules.check_signer(route, signer_id)
        if not decision.allowed:
            raise RuleRefusal(decision.explain() + "。")
        opinion = clean_text(opinion, "签发意见", max_len=500) or "同意"
        with self.transaction("review") as s:
            minutes = self._get(s, Minutes, minutes_id, "纪要")
            decision = rules.may_sign(self._progress(s, minutes))  # again: a save may have come between
            if not decision.allowed:
                raise RuleRefusal(decision.explain() + "。")
            meeting = self._get(s, Meeting, minutes.meeting_id, "会议")
            if signed_on < meeting.day:
                raise Invalid("签发日期不能早于会议日期。")
            if minutes.reviewed_on is not None and signed_on < minutes.reviewed_on:
                raise Invalid("签发日期不能早于核稿日期（先核稿、后签发）。")
            minutes.signer_id, minutes.signed_on, minutes.sign_opinion = signer_id, signed_on, opinion
            minutes.authority_id = route.authority_id if signer_id == route.acting_id else None
            minutes.status, minutes.sign_entered_by = MinutesStatus.SIGNED, self.actor_name(s)
            self.audit(s, "纪要.签发", "minutes", minutes_id, f"{self._signer_label(s, minutes)}：{opinion}")

    def record_consent(self, minutes_id: int, *, on: dt.date, manner: ApprovalManner,
                       mayor_id: int | None = None) -> None:
        """The mayor's consent to issue THEMATIC minutes with sensitive decisions (art. 45)."""
        self._check_day(on, "同意日期")
        mayors = self._roster.holders(Post.MAYOR, on)
        if not mayors:
            raise RuleRefusal("名册中该日期没有在任区长，无法记录区长同意（依据《工作规则》第四十五条）。")
        if mayor_id is not None and mayor_id != mayors[0].id:
            raise RuleRefusal(f"须由区长{mayors[0].name}同意（依据《工作规则》第四十五条）。")
        with self.transaction("review") as s:
            minutes = self._get(s, Minutes, minutes_id, "纪要")
            if minutes.status in (MinutesStatus.ISSUED, MinutesStatus.SUPERSEDED):
                raise Invalid("纪要已印发，不能再记录区长同意。")
            minutes.consent_by_id, minutes.consent_on, minutes.consent_manner = mayors[0].id, on, manner
            minutes.consent_entered_by = self.actor_name(s)
            self.audit(s, "纪要.区长同意", "minutes", minutes_id, f"{mayors[0].name}（{manner.value}）")

    def issue(self, minutes_id: int, *, issued_on: dt.date, serial_number: int | None = None) -> str:
        """印发: only after sign-off and, where needed, the mayor's consent (art. 45), with the
        particulars as signed; the serial (文号) is the next free one unless given. Returns it."""
        self._check_day(issued_on, "印发日期")
        with self.reading() as s:
            minutes = self._get(s, Minutes, minutes_id, "纪要")
            signed_on = minutes.signed_on
            sections = self._content(s, minutes_id).sections
        route = self.route(minutes_id, signed_on or issued_on)
        planned = [PlannedItem(d, sec.topic_id, self._supervisor(d.responsible_id, issued_on))
                   for sec in sections for d in sec.decisions]
        with self.transaction() as s:
            minutes = self._get(s, Minutes, minutes_id, "纪要")
            if minutes.status in (MinutesStatus.ISSUED, MinutesStatus.SUPERSEDED):
                raise Invalid("纪要已印发。")
            decision = rules.may_issue(signed=minutes.status is MinutesStatus.SIGNED,
                                       consent_needed=route.consent_needed,
                                       consent_recorded=minutes.consent_by_id is not None)
            if not decision.allowed:
                raise RuleRefusal(decision.explain() + "。")
            if s.scalar(select(Minutes.id).where(Minutes.corrects_id == minutes_id)) is not None:
                raise Invalid("该纪要已另起更正稿，请印发更正稿。")
            self._checked_particulars(self._particulars(minutes))  # classified: at least one copy
            if signed_on is not None and issued_on < signed_on:
                raise Invalid("印发日期不能早于签发日期。")
            meeting = self._get(s, Meeting, minutes.meeting_id, "会议")
            year = issued_on.year
            number = serial_number or self._next_serial(s, meeting.kind, year)
            if self._serial_taken(s, meeting.kind, year, number, minutes.id):
                raise Invalid(f"{year}年的第{number}号已被使用，请换一个编号。")
            fmt = s.scalar(select(Setting.value).where(Setting.key == serial_setting(meeting.kind))) or DEFAULT_SERIAL
            minutes.serial_year, minutes.serial_number = year, number
            minutes.serial_text = fmt.replace("{year}", str(year)).replace("{n}", str(number))
            minutes.issued_on, minutes.status, minutes.issued_by = issued_on, MinutesStatus.ISSUED, self.actor_name(s)
            if minutes.corrects_id is not None:
                self._get(s, Minutes, minutes.corrects_id, "纪要").status = MinutesStatus.SUPERSEDED
            items = create_items(s, minutes_id, planned)  # each decision with a unit is followed up (arts. 35, 36)
            self.audit(s, "纪要.印发", "minutes", minutes_id,
                       f"{minutes.serial_text}，{minutes.classification.value}，印数 {minutes.copies} 份，督办事项 {items} 项")
            return minutes.serial_text

    def _supervisor(self, department_id: int | None, day: dt.date) -> int | None:
        if department_id is None:
            return None
        found = self._roster.supervisor(department_id, day)
        return found.id if found else None

    def _next_serial(self, s: Session, kind: MeetingKind, year: int) -> int:
        top = s.scalar(select(func.max(Minutes.serial_number)).join(Meeting, Meeting.id == Minutes.meeting_id)
                       .where(Meeting.kind == kind, Minutes.serial_year == year))
        return int(top or 0) + 1

    def _serial_taken(self, s: Session, kind: MeetingKind, year: int, number: int, own: int) -> bool:
        found = s.scalar(select(Minutes.id).join(Meeting, Meeting.id == Minutes.meeting_id).where(
            Meeting.kind == kind, Minutes.serial_year == year, Minutes.serial_number == number, Minutes.id != own))
        return found is not None

    def correct(self, minutes_id: int) -> int:
        """A correction of signed or issued minutes (条例 §25（一）: a substantive change after 签发
        goes back to the signer): a new edition, drafted from the signed text with the same
        particulars, needing its own 核稿 and 签发; the old one stays readable and is marked 已更正
        when the correction is issued (a signed one is not issued any more)."""
        with self.transaction() as s:
            old = self._get(s, Minutes, minutes_id, "纪要")
            if old.status in rules.EDITABLE:
                raise Invalid("纪要尚未签发，可直接修改，不需要更正稿。")
            if old.status is MinutesStatus.SUPERSEDED:
                raise Invalid("该纪要已被更正稿取代，请打开最新的更正稿。")
            if s.scalar(select(Minutes.id).where(Minutes.corrects_id == minutes_id)) is not None:
                raise Invalid("该纪要已有更正稿，请打开继续编辑。")
            meeting = self._get(s, Meeting, old.meeting_id, "会议")
            edition = int(s.scalar(select(func.max(Minutes.edition)).where(Minutes.meeting_id == old.meeting_id)) or 1)
            new = self._new_edition(s, old.meeting_id, edition + 1, old, meeting.kind)
            self._add_version(s, new.id, self._content(s, old.id))
            self.audit(s, "纪要.更正", "minutes", new.id, f"更正第 {old.edition} 版")
            return new.id

    # --- reading --------------------------------------------------------------------------------

    def detail(self, minutes_id: int, version: int | None = None) -> MinutesDetail:
        with self.reading() as s:
            m = self._get(s, Minutes, minutes_id, "纪要")
            meeting = self._get(s, Meeting, m.meeting_id, "会议")
            office = s.scalar(select(Setting.value).where(Setting.key == "office_name")) or ""
            number = version or self._latest(s, minutes_id)
            printed, reprinted = self.copy_counts(s, minutes_id)
            return MinutesDetail(
                id=m.id, meeting_id=m.meeting_id, kind=meeting.kind,
                meeting_name=meeting_name(meeting.kind, meeting.term, meeting.number, meeting.title),
                edition=m.edition, corrects_id=m.corrects_id, status=m.status, mark=mark_text(meeting.kind, office),
                version=number, content=self._content(s, minutes_id, number), drafter=m.drafter, reviewer=m.reviewer,
                reviewed_on=m.reviewed_on, signer=self._name(s, m.signer_id) if m.signer_id else "",
                signer_label=self._signer_label(s, m) if m.signer_id else "", signed_on=m.signed_on,
                sign_opinion=m.sign_opinion, consent_by=self._name(s, m.consent_by_id) if m.consent_by_id else "",
                consent_on=m.consent_on, serial_text=m.serial_text, classification=m.classification,
                secrecy_period=m.secrecy_period, urgency=m.urgency, publication=m.publication,
                publication_reason=m.publication_reason, main_to=m.main_to, copy_to=m.copy_to, copies=m.copies,
                issued_on=m.issued_on, office_name=office, reviewed_version=m.reviewed_version,
                review_entered_by=m.review_entered_by, sign_entered_by=m.sign_entered_by,
                consent_entered_by=m.consent_entered_by, issued_by=m.issued_by, printed=printed, reprinted=reprinted)

    def next_step(self, minutes_id: int, on: dt.date | None = None) -> NextStep | None:
        """The next step of the order and who takes it, by name from the roster on `on` (the
        signing date once signed; default today): for the window's head and the signing panel."""
        day = on or self.today()
        with self.reading() as s:
            minutes = self._get(s, Minutes, minutes_id, "纪要")
            day = minutes.signed_on or day
            progress = self._progress(s, minutes)
        route = self.route(minutes_id, day)
        step = rules.next_step(dataclasses.replace(progress, consent_needed=route.consent_needed))
        if step is None:
            return None
        reasons = tuple(str(r) for r in step.reasons)
        with self.reading() as s:
            if step.who == "区政府办公室":
                office = list(dict.fromkeys(name for _pid, name, _post in self._office_heads(s, day)))
                who = "区政府办公室" + (f"（{'、'.join(office)}）" if office else "")
            elif step.who == "签发人":
                who = self._leader(s, route.authority_id, day) if route.authority_id else "（名册中无在任签发人）"
                if route.acting_id is not None:
                    who += f"；该日由{self._leader(s, route.acting_id, day)}受委托代为签发"
                reasons = tuple(str(r) for r in route.reasons if r.article in (45, 5))
            elif step.who == "区长":
                mayors = self._roster.holders(Post.MAYOR, day)
                who = "区长" + (mayors[0].name if mayors else "")
            else:
                who = "秘书科"
        return NextStep(step.what, who, reasons)

    def sign_refusal(self, minutes_id: int) -> str:
        """Why 签发 cannot be recorded now, with its article ("" when it can): shown by the button."""
        with self.reading() as s:
            decision = rules.may_sign(self._progress(s, self._get(s, Minutes, minutes_id, "纪要")))
        return "" if decision.allowed else decision.explain() + "。"

    def signing_routes(self) -> dict[int, dict[str, object]]:
        """For every edition, its computed signing route (for exports): authority, acting delegate,
        whether the mayor's consent is needed, with the articles; and the sign-off as recorded."""
        out: dict[int, dict[str, object]] = {}
        for row in self.minutes_list():
            detail = self.detail(row.id)
            view = self.signing_view(row.id, detail.signed_on or self.today())
            out[row.id] = {"authority": view.authority, "acting": view.acting, "consent_needed": view.consent_needed,
                           "reasons": list(view.reasons), "signed_by": detail.signer_label,
                           "signed_on": detail.signed_on.isoformat() if detail.signed_on else None,
                           "consent_by": detail.consent_by, "serial": detail.serial_text}
        return out

    def versions(self, minutes_id: int) -> list[tuple[int, str, str]]:
        with self.reading() as s:
            rows = s.execute(select(MinutesVersion.number, MinutesVersion.saved_by, MinutesVersion.saved_at)
                             .where(MinutesVersion.minutes_id == minutes_id).order_by(MinutesVersion.number))
            return [(r[0], r[1], r[2]) for r in rows]

    def compare(self, minutes_id: int, a: int, b: int) -> list[tuple[str, str, str]]:
        """Two versions side by side: (tag, left line, right line), tag in equal/replace/delete/insert."""
        with self.reading() as s:
            left = self._content(s, minutes_id, a).plain_lines()
            right = self._content(s, minutes_id, b).plain_lines()
        out: list[tuple[str, str, str]] = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=left, b=right, autojunk=False).get_opcodes():
            span = max(i2 - i1, j2 - j1)
            for k in range(span):
                out.append((tag, left[i1 + k] if i1 + k < i2 else "", right[j1 + k] if j1 + k < j2 else ""))
        return out

    def minutes_list(self, *, meeting_id: int | None = None, status: MinutesStatus | None = None) -> list[MinutesRow]:
        query = select(Minutes, Meeting).join(Meeting, Meeting.id == Minutes.meeting_id).order_by(
            Meeting.day.desc(), Minutes.edition.desc())
        if meeting_id is not None:
            query = query.where(Minutes.meeting_id == meeting_id)
        if status is not None:
            query = query.where(Minutes.status == status)
        with self.reading() as s:
            return [MinutesRow(m.id, mt.id, meeting_name(mt.kind, mt.term, mt.number, mt.title), mt.day, m.edition,
                               m.status, m.serial_text) for m, mt in s.execute(query)]

    def department_names(self) -> dict[int, str]:
        with self.reading() as s:
            return dict(s.execute(select(Department.id, Department.name)).all())

    # --- helpers ----------------------------------------------------------------------------------

    def _editable(self, s: Session, minutes_id: int) -> Minutes:
        minutes = self._get(s, Minutes, minutes_id, "纪要")
        decision = rules.may_change(minutes.status)
        if not decision.allowed:
            raise RuleRefusal(f"纪要{minutes.status.value}，不能再修改：{decision.explain()}。")
        return minutes

    def _progress(self, s: Session, minutes: Minutes) -> Progress:
        printed, _reprinted = self.copy_counts(s, minutes.id)
        return Progress(minutes.status, self._latest(s, minutes.id), minutes.reviewed_version,
                        consent_recorded=minutes.consent_by_id is not None,
                        classified=minutes.classification is not Classification.NONE, copies=minutes.copies,
                        printed=printed)

    @staticmethod
    def _particulars(minutes: Minutes) -> Particulars:
        return Particulars(**{name: getattr(minutes, name) for name in PARTICULARS})

    def _leader(self, s: Session, person_id: int, day: dt.date) -> str:
        return leader_post(s, person_id, day) + self._name(s, person_id)

    def _latest(self, s: Session, minutes_id: int) -> int:
        return int(s.scalar(select(func.max(MinutesVersion.number)).where(MinutesVersion.minutes_id == minutes_id)) or 0)

    def _content(self, s: Session, minutes_id: int, number: int | None = None) -> MinutesContent:
        number = number or self._latest(s, minutes_id)
        text = s.scalar(select(MinutesVersion.content).where(MinutesVersion.minutes_id == minutes_id,
                                                             MinutesVersion.number == number))
        if text is None:
            raise NotFound(f"找不到纪要第 {number} 稿。")
        return MinutesContent.from_json(text)

    def _signer_label(self, s: Session, m: Minutes) -> str:
        name = self._name(s, m.signer_id)
        return f"{name}（受{self._name(s, m.authority_id)}委托）" if m.authority_id else name

    @staticmethod
    def _name(s: Session, person_id: int | None) -> str:
        person = s.get(Person, person_id) if person_id is not None else None
        return person.name if person else ""

