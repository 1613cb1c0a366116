"""People: user accounts, their place in a company, and API tokens."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import PublicIdMixin
from portal.models.directory import Company
from portal.timeutil import now_utc

ROLE_DIRECTOR = "Директор"
ROLE_WORKER = "Работник"
ROLES = (ROLE_DIRECTOR, ROLE_WORKER)


class User(PublicIdMixin, UserMixin, db.Model):
    """A person who logs in; staff of at most one company."""

    __tablename__ = "users"
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    staff: Mapped["Staff | None"] = relationship(back_populates="user", uselist=False)

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the public id and, while logging in, the login's key.

        `login_key` is set only for the moment of `login_user` (portal/sessions/logins.py);
        the integer key never leaves the server.
        """
        key = getattr(self, "login_key", None)
        return f"{self.public_id}:{key}" if key else self.public_id

    @property
    def is_active(self) -> bool:
        """Deactivated accounts cannot log in."""
        return self.is_active_account

    @property
    def company(self) -> Company | None:
        """The company this user works for, if any."""
        return self.staff.company if self.staff else None


class Staff(PublicIdMixin, db.Model):
    """A user's position in a company: Директор or Работник; one company per user."""

    __tablename__ = "staff"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default=ROLE_WORKER)
    phone_number: Mapped[str | None] = mapped_column(String(32))
    user: Mapped[User] = relationship(back_populates="staff", lazy="joined")
    company: Mapped[Company] = relationship(lazy="joined")

    @property
    def is_director(self) -> bool:
        """Whether this position may manage the company's staff."""
        return self.role == ROLE_DIRECTOR


class ApiToken(PublicIdMixin, db.Model):
    """An integrator's key; only its SHA-256 is stored, so a leaked table reveals no key."""

    __tablename__ = "api_tokens"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    # Kept to the minute (portal/sessions/tokens.py), so API calls do not write on every request.
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user: Mapped[User] = relationship(lazy="joined")
