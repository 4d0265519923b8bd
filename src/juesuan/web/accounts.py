"""Organisations, accounts, signed-in sessions and who may see what.

Roles: 管理员 (admin) sees everything and manages accounts; 审核人员 (reviewer) sees the uploads of
every organisation in their organisation's region (``上海市`` covers ``上海市普陀区``); 填报人员
(filer) sees their own organisation's uploads only. A department's history pages are open to whoever
may see one of its uploads (an admin: every department in the store). What a user may not see
answers "not found", by page and by URL alike, so that its existence is not told either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import Session

from juesuan.record import Record
from juesuan.store import schema as s
from juesuan.store.types import utcnow
from juesuan.web.security import dummy_hash, hash_password, new_token, token_hash, verify_password

__all__ = [
    "ROLES",
    "Viewer",
    "create_account",
    "create_token",
    "end_session",
    "log",
    "organisation",
    "sign_in",
    "signed_in",
    "token_viewer",
    "upload_scope",
    "visible_departments",
]

ROLES = {"admin": "管理员", "reviewer": "审核人员", "filer": "填报人员"}


@dataclass(frozen=True, repr=False)
class Viewer(Record):
    """The signed-in person a request is made by (plain values, usable after the session closes)."""

    account_id: int
    username: str
    display_name: str
    role: str
    organisation_id: int | None
    organisation: str
    region: str
    csrf: str

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def log(session: Session, actor: str, action: str, object_type: str, object_id: int | None, **detail: Any) -> None:
    """An entry in the store's audit log (``events``)."""
    session.add(s.Event(actor=actor, action=action, object_type=object_type, object_id=object_id, detail=detail))


def organisation(session: Session, name: str, region: str) -> s.Organisation:
    """The organisation named ``name``, created with ``region`` when new."""
    found = session.scalars(select(s.Organisation).where(s.Organisation.name == name)).first()
    if found is None:
        found = s.Organisation(name=name, region=region)
        session.add(found)
        session.flush()
    return found


def create_account(
    session: Session,
    *,
    username: str,
    password: str,
    role: str,
    organisation_name: str,
    region: str,
    display_name: str = "",
    created_by: str,
) -> s.Account:
    if role not in ROLES:
        raise ValueError(role)
    org = organisation(session, organisation_name, region) if organisation_name else None
    account = s.Account(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        role=role,
        organisation_id=org.id if org else None,
        created_by=created_by,
    )
    session.add(account)
    session.flush()
    return account


def sign_in(session: Session, username: str, password: str, address: str, hours: int) -> str | None:
    """A new session's cookie token for a right user name and password (a disabled account
    cannot sign in), else None. Unknown names cost the same hash as known ones."""
    account = session.scalars(select(s.Account).where(s.Account.username == username)).first()
    if account is None or account.disabled_at is not None:
        verify_password(dummy_hash(), password)
        return None
    if not verify_password(account.password_hash, password):
        return None
    token = new_token()
    now = utcnow()
    session.add(
        s.WebSession(
            token_hash=token_hash(token),
            csrf=new_token(),
            account_id=account.id,
            address=address[:64],
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    return token


def signed_in(session: Session, token: str | None) -> Viewer | None:
    """The person whose session cookie is ``token`` (None when absent, ended, expired or disabled)."""
    if not token:
        return None
    row = session.execute(
        select(s.WebSession, s.Account)
        .join(s.Account, s.Account.id == s.WebSession.account_id)
        .where(s.WebSession.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    web_session, account = row
    if web_session.ended_at is not None or web_session.expires_at <= datetime.now(UTC) or account.disabled_at is not None:
        return None
    return _viewer(session, account, web_session.csrf)


def _viewer(session: Session, account: s.Account, csrf: str) -> Viewer:
    org = session.get(s.Organisation, account.organisation_id) if account.organisation_id else None
    return Viewer(
        account_id=account.id,
        username=account.username,
        display_name=account.display_name,
        role=account.role,
        organisation_id=account.organisation_id,
        organisation=org.name if org else "",
        region=org.region if org else "",
        csrf=csrf,
    )


def create_token(session: Session, account_id: int, name: str) -> tuple[int, str]:
    """A new API token of the account: (its id, the token itself — shown once, kept hashed)."""
    token = "js_" + new_token()
    row = s.ApiToken(account_id=account_id, name=name[:100], token_hash=token_hash(token))
    session.add(row)
    session.flush()
    return row.id, token


def token_viewer(session: Session, token: str | None) -> Viewer | None:
    """The person an API token (``Authorization: Bearer …``) belongs to; None when it is unknown,
    revoked, or the account is disabled. Marks the token used."""
    if not token:
        return None
    row = session.execute(
        select(s.ApiToken, s.Account)
        .join(s.Account, s.Account.id == s.ApiToken.account_id)
        .where(s.ApiToken.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    api_token, account = row
    if api_token.revoked_at is not None or account.disabled_at is not None:
        return None
    api_token.last_used_at = utcnow()
    return _viewer(session, account, csrf="")


def end_session(session: Session, token: str) -> None:
    found = session.scalars(select(s.WebSession).where(s.WebSession.token_hash == token_hash(token))).first()
    if found is not None and found.ended_at is None:
        found.ended_at = utcnow()


def upload_scope(viewer: Viewer, table: type[s.Upload] | type[s.Generation] = s.Upload) -> ColumnElement[bool]:
    """The condition on ``uploads`` (or ``generations``) that keeps the rows ``viewer`` may see."""
    if viewer.is_admin:
        return true()
    if viewer.organisation_id is None:
        return table.account_id == viewer.account_id
    if viewer.role == "reviewer" and viewer.region:
        inside = select(s.Organisation.id).where(
            or_(s.Organisation.region == viewer.region, s.Organisation.region.startswith(viewer.region, autoescape=True))
        )
        return or_(table.organisation_id == viewer.organisation_id, table.organisation_id.in_(inside))
    return table.organisation_id == viewer.organisation_id


def visible_departments(session: Session, viewer: Viewer) -> set[int] | None:
    """The store's departments ``viewer`` may see (None: all of them, for an admin)."""
    if viewer.is_admin:
        return None
    query = (
        select(s.Document.department_id)
        .join(s.Version, s.Version.document_id == s.Document.id)
        .join(s.Upload, s.Upload.version_id == s.Version.id)
        .where(upload_scope(viewer))
    )
    return set(session.scalars(query).all())
