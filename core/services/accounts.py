"""Accounts: login with lockout, password changes and resets, roles.

Passwords are hashed with scrypt (stdlib, memory-hard: n=2**14, r=8, p=1 uses 16 MiB), a
16-byte random salt, and the parameters stored beside the hash. The failure counter and the
lock end live in the account row, so quitting the program does not lift a lock (R18).

A refused login still commits: the counter and its audit record must outlive the refusal,
so `login` decides inside the transaction and raises only after it has committed. A refused
password change or reset (wrong old password, a reused one) does the same.

R18 reuse: a replaced password's hash moves to `password_history`, pruned so that with the
current one the last `history_count` are remembered; each keeps its own salt.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import hmac
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from core.errors import HuiwuError, Invalid, NotFound, NotPermitted
from core.model import Account, FileSecret, KeySlot, PasswordHistory, Person, Role, Setting
from core.rules import passwords
from core.rules.passwords import Lockout, Policy
from core.services import audit
from core.services.base import Service
from core.text import clean_line

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32

# Settings keys (kept as text in the `setting` table; defaults from core.rules.passwords).
POLICY_KEYS = {
    "min_length": "password_min_length",
    "min_classes": "password_min_classes",
    "max_failures": "login_max_failures",
    "lock_minutes": "login_lock_minutes",
    "idle_minutes": "idle_lock_minutes",
    "max_age_days": "password_max_age_days",
    "history_count": "password_history_count",
}

# What each role may do. The window asks before offering an action; 只读 prints nothing classified.
PERMISSIONS: dict[Role, frozenset[str]] = {
    # The administrator can also do the work: a small office may have one person for both.
    Role.ADMIN: frozenset({"accounts", "settings", "workflow", "review", "print", "print_classified", "view"}),
    Role.SECRETARY: frozenset({"workflow", "review", "print", "print_classified", "view"}),
    Role.REVIEWER: frozenset({"review", "print", "print_classified", "view"}),
    Role.READ_ONLY: frozenset({"view", "print"}),
}


def allows(role: Role, action: str) -> bool:
    return action in PERMISSIONS[role]


class LoginRefused(HuiwuError):
    """Wrong name or password, or a locked account. `remaining` is None when not to be shown."""

    message = "用户名或密码不正确。"

    def __init__(self, message: str | None = None, *, remaining: int | None = None,
                 locked_until: dt.datetime | None = None) -> None:
        super().__init__(message)
        self.remaining = remaining
        self.locked_until = locked_until


@dataclass(frozen=True)
class AccountInfo:
    user_name: str
    display_name: str
    role: Role
    must_change: bool
    active: bool
    failures: int
    locked_until: dt.datetime | None  # aware (UTC)
    last_login_at: dt.datetime | None
    password_expired: bool = False  # set by login: older than the policy allows, must be changed
    person_id: int | None = None  # the roster person this account is (set by the administrator)
    person_name: str = ""

    @property
    def shown_name(self) -> str:
        """How records name this account's acts (core.services.base.account_name)."""
        return self.display_name or self.person_name or self.user_name


# --- hashing --------------------------------------------------------------------------------

def _normalized(password: str) -> bytes:
    # One password typed through different input methods must hash the same.
    return unicodedata.normalize("NFC", password).encode("utf-8")


def hash_password(password: str) -> str:
    salt = os.urandom(SALT_BYTES)
    digest = hashlib.scrypt(_normalized(password), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(digest)
        actual = hashlib.scrypt(_normalized(password), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                                p=int(p), dklen=len(expected), maxmem=128 * int(r) * int(n) * 2)
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


@functools.cache
def _dummy_hash() -> str:
    # An unknown user name costs the same scrypt run as a known one: timing does not tell them apart.
    return hash_password("未使用的占位密码")


# --- time: stored naive UTC, handled aware ------------------------------------------------------

def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _to_db(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.astimezone(dt.UTC).replace(tzinfo=None)


def _from_db(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.replace(tzinfo=dt.UTC)


def _info(row: Account, person_name: str = "") -> AccountInfo:
    return AccountInfo(row.user_name, row.display_name, row.role, row.must_change, row.active,
                       row.failures, _from_db(row.locked_until), _from_db(row.last_login_at),
                       person_id=row.person_id, person_name=person_name)


class AccountService(Service):
    write_action = None  # logins by any role record their failures; the methods check what they change
    def __init__(self, sessions: sessionmaker[Session], actor: Callable[[], str]) -> None:
        super().__init__(sessions, actor)
        self.now: Callable[[], dt.datetime] = _utc_now  # tests inject a clock (aware datetimes)
        # Key slots (issue 11 §1), set by Office: seal the file's wrapping key under a password
        # (None before the file has key slots), and rewrite the key file after slots changed.
        self.seal_slot: Callable[[str, str], str | None] = lambda _user, _password: None
        self.slots_changed: Callable[[], None] = lambda: None

    # --- policy ---------------------------------------------------------------------------

    def _policy(self, s: Session) -> Policy:
        stored = {row.key: row.value for row in s.scalars(
            select(Setting).where(Setting.key.in_(POLICY_KEYS.values())))}
        values: dict[str, int] = {}
        for field, key in POLICY_KEYS.items():
            with contextlib.suppress(KeyError, ValueError):  # absent or unreadable: the default holds
                values[field] = int(stored[key])
        policy = Policy(**values)
        # A value outside the allowed range (edited by hand) must not weaken the policy.
        return policy if not policy.problems() else passwords.DEFAULT

    def policy(self) -> Policy:
        with self.reading() as s:
            return self._policy(s)

    def set_policy(self, policy: Policy) -> None:
        problems = policy.problems()
        if problems:
            raise Invalid("；".join(problems) + "。")
        with self.transaction() as s:
            self._require(s, "settings")
            before = self._policy(s)
            for field, key in POLICY_KEYS.items():
                value = str(getattr(policy, field))
                row = s.get(Setting, key)
                if row is None:
                    s.add(Setting(key=key, value=value))
                else:
                    row.value = value
            self.audit(s, "设置.账户安全", "setting", "account_policy", f"{before} → {policy}")

    # --- queries --------------------------------------------------------------------------

    def has_accounts(self) -> bool:
        with self.reading() as s:
            return bool(s.scalar(select(func.count(Account.id))))

    def accounts(self) -> list[AccountInfo]:
        with self.reading() as s:
            names = dict(s.execute(select(Person.id, Person.name).join(Account, Account.person_id == Person.id)).all())
            return [_info(row, names.get(row.person_id, "") if row.person_id else "")
                    for row in s.scalars(select(Account).order_by(Account.id))]

    def get(self, user_name: str) -> AccountInfo:
        with self.reading() as s:
            row = self._row(s, user_name)
            person = s.get(Person, row.person_id) if row.person_id is not None else None
            return _info(row, person.name if person else "")

    def set_identity(self, user_name: str, *, display_name: str | None = None, person_id: int | None = None,
                     unlink: bool = False) -> None:
        """The account's 姓名 (None: unchanged) and the roster person it is (None: unchanged, unless
        `unlink`), in one transaction. Records of the account's acts name the 姓名, else that
        person, else the user name; the 核稿 form offers that person first."""
        with self.transaction() as s:
            self._require(s, "accounts")
            row = self._row(s, user_name)
            changes = []
            if display_name is not None:
                name = clean_line(display_name, "姓名", max_len=60)
                if name != row.display_name:
                    changes.append(f"姓名 {row.display_name or '无'} → {name or '无'}")
                    row.display_name = name
            if person_id is not None or unlink:
                person = self._get(s, Person, person_id, "人员") if person_id is not None else None
                if person is not None:
                    other = s.scalar(select(Account.user_name).where(Account.person_id == person.id,
                                                                     Account.id != row.id))
                    if other is not None:
                        raise Invalid(f"{person.name}已对应账户“{other}”，一个人员只能对应一个账户。")
                before = s.get(Person, row.person_id) if row.person_id is not None else None
                if (before.id if before else None) != (person.id if person else None):
                    changes.append(f"对应人员 {before.name if before else '无'} → {person.name if person else '无'}")
                    row.person_id = person.id if person else None
            if changes:
                self.audit(s, audit.ACCOUNT_CHANGED, "account", row.user_name, "；".join(changes))

    def set_person(self, user_name: str, person_id: int | None) -> None:
        """Link the account to a roster person (None: no link)."""
        self.set_identity(user_name, person_id=person_id, unlink=person_id is None)

    def role_of(self, user_name: str) -> Role | None:
        with self.reading() as s:
            row = s.scalar(select(Account).where(Account.user_name == user_name))
            return row.role if row is not None and row.active else None

    # --- helpers --------------------------------------------------------------------------

    def _row(self, s: Session, user_name: str) -> Account:
        row = s.scalar(select(Account).where(Account.user_name == user_name.strip()))
        if row is None:
            raise NotFound(f"没有用户名为“{user_name}”的账户。")
        return row

    def _require(self, s: Session, action: str) -> None:
        actor = s.scalar(select(Account).where(Account.user_name == self._actor()))
        if actor is None or not actor.active or not allows(actor.role, action):
            raise NotPermitted()

    def _audit_as(self, s: Session, user: str, event: str, summary: str, success: bool) -> None:
        # Before login there is no actor yet: the record names the account being tried.
        audit.append(s, user=user, event=event, object_type="account", object_id=user,
                     summary=summary, success=success)

    # --- password history (R18: no reuse of the last N) -----------------------------------------

    @staticmethod
    def _recent_hashes(s: Session, row: Account) -> list[str]:
        """The current hash, then the former ones, newest first (ids only grow; the clock may not)."""
        former = s.scalars(select(PasswordHistory.password_hash).where(PasswordHistory.account_id == row.id)
                           .order_by(PasswordHistory.id.desc()))
        return [row.password_hash, *former]

    def _reuse_refusal(self, s: Session, row: Account, password: str, policy: Policy) -> str | None:
        decision = passwords.check_not_reused(password, self._recent_hashes(s, row), verify_password, policy)
        return None if decision.allowed else "；".join(r.text for r in decision.reasons) + "。"

    def _replace_password(self, s: Session, row: Account, password: str, policy: Policy) -> None:
        """Set a new password; the old hash joins the history, which keeps the newest N - 1."""
        now = _to_db(self.now())
        keep = policy.history_count - 1
        if keep > 0:
            s.add(PasswordHistory(account_id=row.id, password_hash=row.password_hash, replaced_at=now))
            s.flush()
        stale = s.scalars(select(PasswordHistory.id).where(PasswordHistory.account_id == row.id)
                          .order_by(PasswordHistory.id.desc()).offset(max(keep, 0))).all()
        if stale:
            s.execute(delete(PasswordHistory).where(PasswordHistory.id.in_(stale)))
        row.password_hash = hash_password(password)
        row.password_changed_at = now
        self._set_slot(s, row, password)

    def _check_new(self, s: Session, user_name: str, password: str) -> None:
        problems = passwords.password_problems(password, user_name, self._policy(s))
        if problems:
            raise Invalid("密码不符合要求：" + "；".join(problems) + "。")

    @staticmethod
    def _clean_name(user_name: str) -> str:
        name = clean_line(user_name, "用户名", max_len=40)
        if not name:
            raise Invalid("请填写用户名。")
        if any(ch.isspace() for ch in name):
            raise Invalid("用户名不能包含空格。")
        return name

    def _add(self, s: Session, user_name: str, role: Role, password: str, display_name: str,
             must_change: bool) -> Account:
        name = self._clean_name(user_name)
        if s.scalar(select(Account).where(Account.user_name == name)) is not None:
            raise Invalid(f"用户名“{name}”已被使用。")
        self._check_new(s, name, password)
        row = Account(user_name=name, display_name=clean_line(display_name, "姓名", max_len=60),
                      role=role, password_hash=hash_password(password), must_change=must_change,
                      active=True, failures=0, password_changed_at=_to_db(self.now()))
        s.add(row)
        s.flush()
        self._set_slot(s, row, password)
        return row

    def _set_slot(self, s: Session, row: Account, password: str) -> None:
        """The account's key slot follows its password: a new password, a new slot."""
        sealed = self.seal_slot(row.user_name, password)
        if sealed is not None:
            s.merge(KeySlot(account_id=row.id, slot=sealed))

    def start_key_slots(self, wrapping_key: bytes, user_name: str, password: str) -> None:
        """A file from before key slots, at its first administrator login: the wrapping key is kept
        in the file and this account gets the first slot; the others get theirs when they next log
        in on this computer or when the administrator resets their password."""
        with self.transaction() as s:
            self._require(s, "accounts")
            self._require_new_file(s)
            s.add(FileSecret(id=1, wrapping_key=wrapping_key))
            row = self._row(s, user_name)
            self._set_slot(s, row, password)
            self.audit(s, "数据.启用账户密钥", "file", "",
                       f"管理员 {row.user_name} 登录时启用账户密钥：此后凭账户密码或恢复密钥打开数据文件")

    def init_key_slots(self, wrapping_key: bytes) -> None:
        """A new file keeps its wrapping key from the start; its accounts get slots as they are made."""
        with self.transaction() as s:
            self._require_new_file(s)
            s.add(FileSecret(id=1, wrapping_key=wrapping_key))
            self.audit(s, "数据.启用账户密钥", "file", "", "新建数据文件：凭账户密码或恢复密钥打开")

    @staticmethod
    def _require_new_file(s: Session) -> None:
        if s.get(FileSecret, 1) is not None:
            raise Invalid("该数据文件已启用账户密钥。")

    def record_refused_try(self, user_name: str, at: str) -> None:
        """A login refused before the file could be opened (wrong password for the slot)."""
        with self.transaction() as s:
            self._audit_as(s, user_name[:40], "登录", f"密码错误（{at}，当时数据文件未打开，打开后补记）", False)

    # --- first run and administration -------------------------------------------------------

    def create_first_admin(self, user_name: str, password: str, display_name: str = "") -> AccountInfo:
        """The first account of a file is its administrator; refused once any account exists."""
        with self.transaction() as s:
            if s.scalar(select(func.count(Account.id))):
                raise NotPermitted("该数据文件已有账户，管理员账户须由现有管理员创建。")
            row = self._add(s, user_name, Role.ADMIN, password, display_name, must_change=False)
            self._audit_as(s, row.user_name, audit.ACCOUNT_CREATED,
                           audit.FIRST_ADMIN_SUMMARY.format(name=row.user_name), True)
            info = _info(row)
        self.slots_changed()
        return info

    def add(self, user_name: str, role: Role, password: str, display_name: str = "") -> AccountInfo:
        """A new account with a first password set by the administrator: changed at first login."""
        with self.transaction() as s:
            self._require(s, "accounts")
            row = self._add(s, user_name, role, password, display_name, must_change=True)
            self.audit(s, audit.ACCOUNT_CREATED, "account", row.user_name,
                       audit.NEW_ACCOUNT_SUMMARY.format(name=row.user_name, role=role.label))
            info = _info(row)
        self.slots_changed()
        return info

    def set_role(self, user_name: str, role: Role) -> None:
        with self.transaction() as s:
            self._require(s, "accounts")
            row = self._row(s, user_name)
            if row.role is Role.ADMIN and role is not Role.ADMIN:
                self._keep_an_admin(s, row)
            before, row.role = row.role, role
            self.audit(s, audit.ACCOUNT_CHANGED, "account", row.user_name,
                       audit.ROLE_CHANGE_SUMMARY.format(before=before.label, after=role.label))

    def set_active(self, user_name: str, active: bool) -> None:
        with self.transaction() as s:
            self._require(s, "accounts")
            row = self._row(s, user_name)
            if not active:
                if row.user_name == self._actor():
                    raise Invalid("不能停用当前登录的账户。")
                if row.role is Role.ADMIN:
                    self._keep_an_admin(s, row)
            row.active = active
            self.audit(s, audit.ACCOUNT_ENABLED if active else audit.ACCOUNT_DISABLED, "account", row.user_name,
                       row.user_name)
        self.slots_changed()  # the key file holds the slots of enabled accounts only

    def _keep_an_admin(self, s: Session, row: Account) -> None:
        others = s.scalar(select(func.count(Account.id)).where(
            Account.role == Role.ADMIN, Account.active.is_(True), Account.id != row.id))
        if not others:
            raise Invalid("至少须保留一个启用的管理员账户。")

    def reset_password(self, user_name: str, temporary_password: str) -> None:
        """The administrator sets a temporary password; the user must change it at next login.
        It may not be one of the account's last N passwords either (R18): no reset back to an old one."""
        with self.transaction() as s:
            self._require(s, "accounts")
            row = self._row(s, user_name)
            self._check_new(s, row.user_name, temporary_password)
            policy = self._policy(s)
            refusal = self._reuse_refusal(s, row, temporary_password, policy)
            if refusal is not None:
                self.audit(s, "密码.重置", "account", row.user_name, "临时密码为该账户最近使用过的密码，已拒绝",
                           success=False)
            else:
                self._replace_password(s, row, temporary_password, policy)
                row.must_change = True
                was_locked = row.locked_until is not None
                row.failures, row.locked_until = 0, None
                self.audit(s, "密码.重置", "account", row.user_name,
                           "管理员重置密码，下次登录须修改" + ("，并解除锁定" if was_locked else ""))
        if refusal is not None:
            raise Invalid("临时" + refusal)
        self.slots_changed()

    def unlock(self, user_name: str) -> None:
        with self.transaction() as s:
            self._require(s, "accounts")
            row = self._row(s, user_name)
            row.failures, row.locked_until = 0, None
            self.audit(s, "账户.解锁", "account", row.user_name, "管理员解锁")

    # --- login and own password -------------------------------------------------------------

    def login(self, user_name: str, password: str, *, context: str = "登录") -> AccountInfo:
        """The account on success; LoginRefused (after the failure is committed) otherwise."""
        refusal: LoginRefused | None = None
        expired = slot_added = False
        with self.transaction() as s:
            name = user_name.strip()[:40]
            row = s.scalar(select(Account).where(Account.user_name == name))
            now = self.now()
            if row is None or not row.active:
                verify_password(password, _dummy_hash())
                self._audit_as(s, name, context, "用户名不存在" if row is None else "账户已停用", False)
                refusal = LoginRefused()
            else:
                policy = self._policy(s)
                state = Lockout(row.failures, _from_db(row.locked_until))
                if state.is_locked(now):
                    assert state.locked_until is not None
                    self._audit_as(s, name, context, "账户锁定期间尝试登录，已拒绝", False)
                    refusal = LoginRefused(passwords.locked_message(state.locked_until),
                                           remaining=0, locked_until=state.locked_until)
                else:
                    if state.lock_expired(now):
                        self._audit_as(s, name, "账户.解锁", "锁定期满自动解锁", True)
                        state = passwords.after_success()
                    if verify_password(password, row.password_hash):
                        state = passwords.after_success()
                        if s.get(KeySlot, row.id) is None:  # from before key slots: it gets one now
                            self._set_slot(s, row, password)
                            slot_added = True
                        row.last_login_at = _to_db(now)
                        expired = passwords.password_expired(_from_db(row.password_changed_at), now, policy)
                        self._audit_as(s, name, context, "成功，密码已过期须修改" if expired else "成功", True)
                    else:
                        state = passwords.after_failure(state, now, policy)
                        if state.locked_until is not None:
                            self._audit_as(s, name, context, "密码错误", False)
                            self._audit_as(s, name, "账户.锁定",
                                           f"连续 {state.failures} 次密码错误，锁定 {policy.lock_minutes} 分钟",
                                           False)
                            refusal = LoginRefused(passwords.locked_message(state.locked_until),
                                                   remaining=0, locked_until=state.locked_until)
                        else:
                            left = state.remaining(policy)
                            self._audit_as(s, name, context, f"密码错误，还可尝试 {left} 次", False)
                            refusal = LoginRefused(f"用户名或密码不正确。还可尝试 {left} 次，"
                                                   f"之后账户将被锁定 {policy.lock_minutes} 分钟。",
                                                   remaining=left)
                    row.failures, row.locked_until = state.failures, _to_db(state.locked_until)
            info = _info(row) if row is not None and refusal is None else None
        if refusal is not None:
            raise refusal
        if slot_added:
            self.slots_changed()
        assert info is not None
        if expired:
            info = dataclasses.replace(info, must_change=True, password_expired=True)
        return info

    def change_password(self, user_name: str, old_password: str, new_password: str) -> AccountInfo:
        """The user's own change (also the forced one after a reset); the old password is asked again.
        A refusal for a wrong old password or a reused new one is audited and committed, then raised."""
        with self.transaction() as s:
            row = self._row(s, user_name)
            policy = self._policy(s)
            refusal = self._own_change_refusal(s, row, old_password, new_password, policy)
            if refusal is None:
                self._replace_password(s, row, new_password, policy)
                row.must_change = False
                self._audit_as(s, row.user_name, "密码.修改", "本人修改密码", True)
            info = _info(row)
        if refusal is not None:
            raise Invalid(refusal)
        self.slots_changed()
        return info

    def _own_change_refusal(self, s: Session, row: Account, old_password: str, new_password: str,
                            policy: Policy) -> str | None:
        """Why the change is refused (recorded as a failed change), or None; policy problems raise."""
        if not verify_password(old_password, row.password_hash):
            self._audit_as(s, row.user_name, "密码.修改", "原密码不正确", False)
            return "原密码不正确，密码未修改。"
        # Even with the reuse check off (N = 0) a change must change something: else an expired
        # or reset password could be "changed" to itself.
        if old_password == new_password:
            self._audit_as(s, row.user_name, "密码.修改", "新密码与原密码相同，已拒绝", False)
            return "新密码不能与原密码相同。"
        self._check_new(s, row.user_name, new_password)
        refusal = self._reuse_refusal(s, row, new_password, policy)
        if refusal is not None:
            self._audit_as(s, row.user_name, "密码.修改", "新密码为最近使用过的密码，已拒绝", False)
            return "新" + refusal
        return None

    def record(self, event: str, summary: str = "") -> None:
        """A session event of the logged-in user (注销, 锁屏)."""
        with self.transaction() as s:
            self._audit_as(s, self._actor(), event, summary, True)
