"""Server-side login state: one row per logged-in browser, password-reset links, pending sign-ups.

A browser's cookie (and its «remember me» cookie) carries a random key; the database keeps
only the key's SHA-256, so a copy of the table opens no session. Ending a row ends that login
at once, whatever cookies were copied.
"""
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.timeutil import now_utc


class LoginSession(db.Model):
    """One login of one browser: alive until it is ended or expires."""

    __tablename__ = "login_sessions"
    __table_args__ = (Index("ix_login_sessions_user_live", "user_id", "ended_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remembered: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ip: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    user: Mapped[User] = relationship(lazy="joined")


class PasswordReset(db.Model):
    """A «Забыли пароль?» link: used once, within its hour."""

    __tablename__ = "password_resets"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user: Mapped[User] = relationship(lazy="joined")


class Signup(db.Model):
    """A registration waiting for its e-mail to be confirmed; the account exists only after that.

    The password is kept as its Argon2 hash, exactly as the account will keep it.
    """

    __tablename__ = "signups"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Where the person was going when they signed up (a path on this site, e.g. an invite link).
    next_path: Mapped[str | None] = mapped_column(String(300), default="")


class AccountMail(db.Model):
    """An e-mail about an account (a sign-up link, a reset link, or a note that an account does or
    does not exist), sent by the task queue and retried like every e-mail (portal.mailing.delivery).

    The row keeps no link: a link's token is made when the message is composed, at the attempt,
    so the table holds nothing that opens an account. `ref_id` is the sign-up (kind `signup`)
    or the user (`signup_taken`, `reset`) it is about, or the `EmailCode` (`claim_code`: the code
    is made at the attempt and only its HMAC kept); `base_url` is the host the request came
    to, for the links; `next_path_sealed` the page the request started from (an invite link, which
    opens a company: sealed with the webhook vault's key), where the mail leads.
    """

    __tablename__ = "account_mails"
    __table_args__ = (
        Index("ix_account_mails_due", "status", "next_attempt_at"),
        CheckConstraint("status IN ('pending', 'sent', 'outbox', 'failed')", name="account_mail_status_known"),
        CheckConstraint("attempts >= 0", name="account_mail_attempts_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(254))
    ref_id: Mapped[int | None] = mapped_column(Integer)
    base_url: Mapped[str] = mapped_column(String(300), default="")
    next_path_sealed: Mapped[str | None] = mapped_column("next_path", String(600))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
