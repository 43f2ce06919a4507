"""Who signs a meeting's minutes (art. 45), with delegation (art. 5), whether the mayor's
consent is needed, and whether the minutes may be issued now.

PLENARY, EXECUTIVE and MAYOR_OFFICE minutes are signed by the mayor — even when the executive
vice mayor presided under delegation. THEMATIC minutes are signed by the leader who presided
(not the one who convened); when any decision touches 资金, 人事, 国有资产, 重大投资, 城市规划 or
重要国有自然资源 the mayor's consent is recorded before issue, unless the mayor presided.
A delegation covering the sign-off date lets the delegate sign as acting; the authority stays
on the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from core.model.enums import MeetingKind, SensitiveMatter
from core.rules.articles import Decision, Reason


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
