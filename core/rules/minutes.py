"""Who signs a meeting's minutes (art. 45), with delegation (art. 5), whether the mayor's
consent is needed, and whether the minutes may be issued now.

PLENARY, EXECUTIVE and MAYOR_OFFICE minutes are signed by the mayor — even when the executive
vice mayor presided under delegation. THEMATIC minutes are signed by the leader who presided
(not the one who convened); when any decision touches 资金, 人事, 国有资产, 重大投资, 城市规划 or
重要国有自然资源 the mayor's consent is recorded before issue, unless the mayor presided.
A delegation covering the sign-off date lets the delegate sign as acting; the authority stays
on the record.

The order of the steps is the national regulation's, where the work rules are silent
(《党政机关公文处理工作条例》, 2012, cited as 条例):

- 第十八条: 公文拟制包括公文的起草、审核、签发等程序 — in that order.
- 第二十条: 公文文稿签发前，应当由发文机关办公厅（室）进行审核. So 签发 is refused until the
  version to be signed has its 核稿 (by the office, a person from the roster); a version saved
  after the 核稿 is a new text and needs its own.
- 第二十二条: the signer signs with opinion, name and full date; 圈阅 counts as agreement.
- 第二十五条（一）复核: 已经发文机关负责人签批的公文，印发前应当对公文的审批手续、内容、文种、
  格式等进行复核；需作实质性修改的，应当报原签批人复审. So after 签发 the text and every
  particular the signing sheet shows (密级, 保密期限, 紧急程度, 公开属性, 主送, 抄送, 印数) and the
  signing date are fixed; a change goes back to the signer as a new edition (更正) with its own
  核稿 and 签发. (第二十五条（二）登记 puts 确定发文字号、分送范围和印制份数 after the 复核: the program
  assigns the 文号 at issue and takes the distribution and the 印数 as the signing sheet proposed
  them, which the signer saw — office practice stricter than the 条例, chosen so that the signing
  sheet and the copy register agree.)
- 第九条（一）: 份号，公文印制份数的顺序号。涉密公文应当标注份号. So classified minutes have an 印数
  of at least one, and the copy register numbers exactly those copies (art. 55 of the work rules:
  confidentiality).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from core.model.enums import Classification, MeetingKind, MinutesStatus, SensitiveMatter
from core.rules.articles import DOCUMENT_REGULATIONS, Decision, Reason

#: statuses in which the text and the particulars may still change
EDITABLE = (MinutesStatus.DRAFT, MinutesStatus.REVIEWED)


@dataclass(frozen=True)
class Cover:
    """A delegation period from the authority to a delegate (art. 5)."""

    delegate_id: int
    start: dt.date
    end: dt.date

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class SigningFacts:
    kind: MeetingKind
    presider_id: int
    mayor_id: int | None  # the mayor on the sign-off date
    sign_on: dt.date
    matters: frozenset[SensitiveMatter] = frozenset()
    # The authority's delegations: the mayor's (GOVERNMENT_WORK) or the presider's (PORTFOLIO).
    delegations: tuple[Cover, ...] = ()


@dataclass(frozen=True)
class SigningRoute:
    authority_id: int | None
    acting_id: int | None  # a delegate covering the sign-off date signs as acting
    consent_needed: bool
    reasons: tuple[Reason, ...]

    @property
    def signer_id(self) -> int | None:
        return self.acting_id if self.acting_id is not None else self.authority_id


def consent_needed(kind: MeetingKind, matters: Iterable[SensitiveMatter], *, presided_by_mayor: bool) -> bool:
    return kind is MeetingKind.THEMATIC and bool(frozenset(matters)) and not presided_by_mayor


def signing_route(f: SigningFacts) -> SigningRoute:
    authority: int | None
    if f.kind is MeetingKind.THEMATIC:
        authority = f.presider_id
        reasons = [Reason("专题会议纪要由主持召开会议的区政府领导同志签发", 45)]
    else:
        authority = f.mayor_id
        reasons = [Reason(f"{f.kind.value}纪要由区长签发", 45)]
    acting = next((d.delegate_id for d in f.delegations if d.covers(f.sign_on)), None)
    if acting is not None:
        reasons.append(Reason("签发日期在委托期间内，由受委托的领导代为签发（签发人仍为原签发人）", 5))
    presided_by_mayor = f.mayor_id is not None and f.presider_id == f.mayor_id
    needed = consent_needed(f.kind, f.matters, presided_by_mayor=presided_by_mayor)
    if needed:
        names = "、".join(m.value for m in SensitiveMatter if m in f.matters)
        reasons.append(Reason(f"涉及{names}等事项，须报区长同意后印发", 45))
    return SigningRoute(authority, acting, needed, tuple(reasons))


def check_signer(route: SigningRoute, signer_id: int) -> Decision:
    if route.authority_id is None:
        return Decision.no(Reason("签发日期没有在任的签发人，请核对名册", 45))
    if signer_id in (route.authority_id, route.acting_id):
        return Decision.yes()
    return Decision.no(Reason("签发人不符合规定", 45), *(r for r in route.reasons if r.article == 5))


def may_issue(*, signed: bool, consent_needed: bool, consent_recorded: bool) -> Decision:
    reasons = []
    if not signed:
        reasons.append(Reason("纪要须经签发后才能印发", 45))
    if consent_needed and not consent_recorded:
        reasons.append(Reason("涉及资金、人事、国有资产、重大投资、城市规划、重要国有自然资源等事项的，须报区长同意后印发", 45))
    return Decision.no(*reasons) if reasons else Decision.yes()


# --- the order of the steps (条例 arts. 18, 20, 25) ---------------------------------------------

def _regulation(text: str, article: int) -> Reason:
    return Reason(text, article, DOCUMENT_REGULATIONS)


REVIEW_BEFORE_SIGNING = _regulation("纪要签发前应当由区政府办公室核稿：公文文稿签发前，应当由发文机关办公厅（室）进行审核", 20)
SIGNED_IS_FIXED = _regulation("已签发的纪要，正文和签发单所列事项不能再改；需作实质性修改的，应当报原签批人复审："
                              "请另起更正稿，重新核稿、签发", 25)


@dataclass(frozen=True)
class Progress:
    """Where one edition of minutes stands: 起草 → 核稿 → 签发 → (区长同意) → 印发 → (印制)."""

    status: MinutesStatus
    version: int  # the latest saved version: the text that would be signed
    reviewed_version: int | None  # the version the recorded 核稿 covers
    consent_needed: bool = False
    consent_recorded: bool = False
    classified: bool = False
    copies: int = 0  # 印数: the copies planned (numbered 1..copies on the register when classified)
    printed: int = 0  # numbered copies printed from the plan (reprints of lost copies not counted)

    @property
    def reviewed(self) -> bool:
        return self.reviewed_version is not None and self.reviewed_version == self.version


def may_change(status: MinutesStatus) -> Decision:
    """The text and the particulars change only before 签发 (条例 art. 25（一）)."""
    if status in EDITABLE:
        return Decision.yes()
    if status is MinutesStatus.SUPERSEDED:
        return Decision.no(Reason("本纪要已被更正稿取代，仅供查阅", 45))
    return Decision.no(SIGNED_IS_FIXED)


def may_review(p: Progress) -> Decision:
    if p.status not in EDITABLE:
        return Decision.no(SIGNED_IS_FIXED)
    if p.reviewed:
        return Decision.no(_regulation(f"第{p.version}稿已核稿；修改后保存的新稿须重新核稿", 20))
    return Decision.yes()


def may_sign(p: Progress) -> Decision:
    """签发 only of a reviewed text (条例 art. 20); once signed, never again (art. 25（一）)."""
    if p.status not in EDITABLE:
        return Decision.no(SIGNED_IS_FIXED)
    if p.reviewed_version is None:
        return Decision.no(REVIEW_BEFORE_SIGNING)
    if p.reviewed_version != p.version:
        return Decision.no(_regulation(f"核稿的是第{p.reviewed_version}稿，此后又保存了第{p.version}稿，"
                                       "新稿须重新核稿后才能签发", 20))
    return Decision.yes()


@dataclass(frozen=True)
class Step:
    """What comes next and who takes it; `who` is filled in by the service with names."""

    what: str
    who: str
    reasons: tuple[Reason, ...] = ()


def next_step(p: Progress) -> Step | None:
    """The next step of the order (None: nothing left to do). `who` names the party by its role;
    the service replaces it with the people of the roster on the day."""
    if p.status in EDITABLE and not p.reviewed:
        again = p.reviewed_version is not None
        return Step("重新核稿" if again else "核稿", "区政府办公室", may_sign(p).reasons)
    if p.status in EDITABLE:
        return Step("签发", "签发人")
    if p.status is MinutesStatus.SIGNED and p.consent_needed and not p.consent_recorded:
        return Step("报区长同意", "区长", (Reason("涉及资金、人事等事项的专题会议纪要须报区长同意后印发", 45),))
    if p.status is MinutesStatus.SIGNED:
        return Step("印发", "秘书科", ())
    if p.status is MinutesStatus.ISSUED and p.classified and p.printed < p.copies:
        return Step(f"印制带份号的纪要（已印 {p.printed} 份，共 {p.copies} 份）", "秘书科",
                    (_regulation("涉密公文应当标注份号", 9), Reason("涉密纪要每份有份号并登记分发", 55)))
    return None


# --- the particulars the signing sheet shows (条例 art. 9; work rules arts. 24, 55) -----------------

@dataclass(frozen=True)
class ParticularsFacts:
    classification: Classification
    secrecy_period: str
    copies: int
    not_public: bool
    public_reason: str


def particulars_problems(f: ParticularsFacts) -> list[Reason]:
    out: list[Reason] = []
    if f.classification is not Classification.NONE:
        if not f.secrecy_period:
            out.append(_regulation("涉密纪要须填写保密期限（如“1年”）：涉密公文应当根据涉密程度标注密级和保密期限", 9))
        if f.copies < 1:
            out.append(_regulation("涉密纪要的印数至少为 1 份：每份印制件按顺序标注份号并登记分发", 9))
    if f.not_public and not f.public_reason and f.classification is Classification.NONE:
        out.append(Reason("不予公开须写明理由（全体会议和常务会议议定事项除依法需要保密的外应当公开）", 24))
    return out


def may_print(*, copies: int, printed: int, asked: int) -> Decision:
    """Numbered copies come from the planned 印数 only; a lost copy is reprinted as such."""
    if printed + asked > copies:
        return Decision.no(_regulation(
            f"印数为 {copies} 份，已印制 {printed} 份，不能再印 {asked} 份；补印遗失的份数请用“补印”", 9))
    return Decision.yes()
