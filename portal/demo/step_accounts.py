"""Demo step 3: the demo accounts, created only here and only when missing.

director@example.kz / director123 (Директор) and worker@example.kz / worker123 (Работник) of
ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"; other@example.kz / other123, Директор of ТОО "ORIENT LOGIST GROUP".
Both companies are recorded as proven by a code to their listed address.
"""
from sqlalchemy import select

from portal.demo.ids import IdSequence
from portal.demo.known import DEMO_COMPANY_BIN, OTHER_COMPANY_BIN
from portal.identity.email_codes import mask
from portal.identity.proofs import proof_of, record_proof
from portal.models import ROLE_DIRECTOR, ROLE_WORKER, Company, Staff, User
from portal.staffing.accounts import create_user, find_user
from portal.models.identity import METHOD_EMAIL

DEMO_ACCOUNTS = (
    ("director@example.kz", "director123", "Исаева Асель Токтарбековна", DEMO_COMPANY_BIN, ROLE_DIRECTOR),
    ("worker@example.kz", "worker123", "Нурланов Ержан Серикович", DEMO_COMPANY_BIN, ROLE_WORKER),
    ("other@example.kz", "other123", "Тлеубаев Сабыр Маманович", OTHER_COMPANY_BIN, ROLE_DIRECTOR),
)


def _prove_by_email(session, company: Company, user: User) -> None:
    """Demo companies count as proven by a code to their listed address, so the demo can issue PDFs."""
    if proof_of(company.id) is not None:
        return
    session.flush()
    listed = next((row.email for row in company.emails if "@" in (row.email or "")), "адрес из справочника")
    record_proof(company.id, METHOD_EMAIL, user.id, f"демо-данные: код на {mask(listed)}")


def load_accounts(run) -> str:
    """Create the missing demo users and their staff positions (deterministic public ids)."""
    session = run.session
    users = IdSequence(run.seed, "users")
    staff = IdSequence(run.seed, "staff")
    created = []
    skipped = []
    for number, (email, password, full_name, company_bin, role) in enumerate(DEMO_ACCOUNTS):
        company = session.execute(select(Company).where(Company.bin == company_bin)).scalar_one_or_none()
        if company is None:
            skipped.append(email)
            continue
        user = find_user(email)
        if user is None:
            user = create_user(email, password, full_name)
            with session.no_autoflush:
                user.public_id = users.assign(session.connection(), User.__table__, [number])[0]
            created.append(email)
        if user.staff is None:
            with session.no_autoflush:
                staff_id = staff.assign(session.connection(), Staff.__table__, [number])[0]
            session.add(Staff(user=user, company=company, role=role, public_id=staff_id))
        if role == ROLE_DIRECTOR:
            _prove_by_email(session, company, user)
    session.commit()
    parts = []
    if created:
        parts.append(f"созданы {', '.join(created)}")
    if skipped:
        parts.append(f"не созданы, их компании ещё не загружены: {', '.join(skipped)}")
    return "Демо-учётные записи: " + ("; ".join(parts) if parts else "уже есть, ничего не изменено")
