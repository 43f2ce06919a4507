"""ORM classes. Importing this package registers every table on `Base.metadata`."""

from .accounts import Account, PasswordHistory, Role
from .base import Base
from .enums import DelegationScope, DepartmentKind, Post
from .followup import FollowUp, FollowUpNote
from .keys import FileSecret, KeySlot
from .meetings import Absence, AgendaItem, AgendaObserver, LeaveRequest, Meeting, RosterEntry
from .minutes import Minutes, MinutesCopy, MinutesVersion
from .office import AuditRecord, Setting
from .roster import ABPartner, Appointment, Delegation, Department, Person, Portfolio
from .topics import (
    AssessmentRecord,
    CoordinationOpinion,
    DisagreementStatement,
    Escalation,
    LegalityReview,
    Material,
    MaterialContent,
    MaterialText,
    Resubmission,
    Topic,
    TopicDepartment,
    TopicStep,
)

__all__ = [
    "Account", "PasswordHistory", "Role", "FileSecret", "KeySlot",
    "ABPartner", "Appointment", "AuditRecord", "Base", "Delegation", "DelegationScope",
    "Department", "DepartmentKind", "Person", "Portfolio", "Post", "Setting",
    "AssessmentRecord", "CoordinationOpinion", "DisagreementStatement", "Escalation", "LegalityReview",
    "Material", "MaterialContent", "MaterialText", "Resubmission", "Topic", "TopicDepartment", "TopicStep",
    "Absence", "AgendaItem", "AgendaObserver", "LeaveRequest", "Meeting", "RosterEntry",
    "Minutes", "MinutesCopy", "MinutesVersion", "FollowUp", "FollowUpNote",
]
