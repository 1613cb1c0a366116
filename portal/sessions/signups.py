"""Registration that does not tell who has an account.

Whatever address is typed, the answer is «check your mail», given after the same work. A new
address gets a link that creates the account when opened (within a day, once); an address that
already has an account gets a note saying so, with links to log in or reset the password. Only
the owner of the mailbox learns which it was. Both go through the queue (portal.sessions.mail).
"""
import secrets
from datetime import timedelta
from email.message import EmailMessage

from flask import url_for
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal.audit.service import record_user_event
from portal.errors import ApiError
from portal.extensions import db
from portal.models import AccountMail, Signup, User
from portal.sessions import logins, mail
from portal.staffing.accounts import find_user, hash_password, normalise_email
from portal.timeutil import now_utc

SIGNUP_TTL = timedelta(hours=24)
INVALID_LINK = "Ссылка для завершения регистрации недействительна: она уже использована или устарела. Зарегистрируйтесь ещё раз."


def start_signup(email: str, password: str, full_name: str, next_path: str = "") -> None:
    """Queue the confirmation link, or the «you already have an account» note (committed).

    Both ways hash the password, write and commit and enqueue one e-mail, so neither the answer
    nor its time says which it was.
    """
    email = normalise_email(email)
    password_hash = hash_password(password)  # for the new address it is kept; for a taken one only timed
    owner = find_user(email)
    if owner is not None:
        record_user_event(owner, "signup_attempted")
        queued = mail.queue(mail.SIGNUP_TAKEN, email, owner.id, next_path=next_path)
    else:
        now = now_utc()
        # The link's token is made when the e-mail is composed; until then no link opens this row.
        signup = Signup(email=email, full_name=(full_name or "").strip(), password_hash=password_hash,
                        token_hash=logins.key_hash(secrets.token_urlsafe(32)), created=now, expires_at=now + SIGNUP_TTL,
                        next_path=next_path[:300])
        db.session.add(signup)
        db.session.flush()
        queued = mail.queue(mail.SIGNUP, email, signup.id)
    db.session.commit()
    mail.send(queued)


def signup_message(queued: AccountMail) -> EmailMessage | None:
    """The confirmation link, made now (not committed): a fresh token, a whole day from now."""
    signup = db.session.get(Signup, queued.ref_id)
    if signup is None or signup.used_at is not None or find_user(signup.email) is not None:
        return None
    token = secrets.token_urlsafe(32)
    signup.token_hash, signup.expires_at = logins.key_hash(token), now_utc() + SIGNUP_TTL
    link = url_for("account.confirm_signup", token=token, _external=True)
    return mail.build(signup.email, "Завершите регистрацию в B2B-портале", "sessions/email_signup.txt",
                      link=link, hours=int(SIGNUP_TTL.total_seconds() // 3600))


def taken_message(queued: AccountMail) -> EmailMessage | None:
    """The note to an address that already has an account: log in, or reset the password."""
    owner = db.session.get(User, queued.ref_id)
    if owner is None:
        return None
    # From an invite link, the login leads back to it: the owner accepts the invite logged in.
    login = url_for("auth.login", next=mail.next_path(queued) or None, _external=True)
    return mail.build(owner.email, "Попытка регистрации в B2B-портале", "sessions/email_registered.txt",
                      user=owner, login=login, invite=bool(queued.next_path_sealed),
                      forgot=url_for("account.forgot_password", _external=True))


def _live_signup(token: str) -> Signup:
    """The unused, unexpired sign-up a link points to, or a 404."""
    signup = None
    if token and len(token) <= 200:
        signup = db.session.execute(
            select(Signup).where(Signup.token_hash == logins.key_hash(token), Signup.used_at.is_(None),
                                 Signup.expires_at > now_utc())
        ).scalar_one_or_none()
    if signup is None:
        raise ApiError(404, INVALID_LINK)
    return signup


def check_signup_link(token: str) -> str:
    """The address a working link confirms."""
    return _live_signup(token).email


def confirm_signup(token: str) -> tuple[User, str]:
    """Create the account the link stands for (committed); the link is spent. With the account,
    the path the sign-up started from (an invite link), or "".

    If the address got an account meanwhile (another link, an invite), nothing is created.
    """
    signup = _live_signup(token)
    spent = db.session.execute(
        update(Signup).where(Signup.id == signup.id, Signup.used_at.is_(None)).values(used_at=now_utc())
        .execution_options(synchronize_session=False)
    ).rowcount
    if spent != 1 or find_user(signup.email) is not None:
        db.session.rollback()
        raise ApiError(404, INVALID_LINK)
    user = User(email=signup.email, full_name=signup.full_name, password_hash=signup.password_hash)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ApiError(404, INVALID_LINK) from None
    return user, signup.next_path or ""
