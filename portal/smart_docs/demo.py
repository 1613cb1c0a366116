"""Demo catalogues and one invoice for the demo director's company, so a fresh portal has
something to build documents from. Runs as a step of `flask --app wsgi demo-data`."""
from datetime import timedelta

from sqlalchemy import select

from portal.models import Company, Product, Staff, User
from portal.smart_docs import service
from portal.smart_docs.documents import create_document
from portal.smart_docs.types import DOC_TYPES
from portal.timeutil import today_almaty

DIRECTOR_EMAIL = "director@example.kz"
BUYER_BIN = "120240004698"  # ТОО "ORIENT LOGIST GROUP", the other demo tenant

PRODUCTS = [
    {"name": "Ноутбук ASUS VivoBook 15", "description": "15,6\", 16 ГБ ОЗУ, SSD 512 ГБ", "measure": "шт",
     "manufacturer": "ASUS", "image": None, "price": "389990.00"},
    {"name": "Бумага офисная А4 «Қағаз»", "description": "80 г/м², 500 листов", "measure": "пачка",
     "manufacturer": "ТОО \"Қағаз Өнімдері\"", "image": None, "price": "2450.50"},
    {"name": "Картридж HP 85A", "description": "Оригинальный", "measure": "шт",
     "manufacturer": "HP", "image": None, "price": "18700.00"},
]
WORKS = [
    {"name": "Доставка груза по г. Алматы", "description": "До 1,5 т", "measure": "рейс", "price": "15000.00"},
    {"name": "Таможенное оформление декларации", "description": "", "measure": "усл.", "price": "45000.00"},
]
ACTORS = [
    {"full_name": "Исаева Асель Токтарбековна", "role": "Директор"},
    {"full_name": "Нурланов Ержан Серикович", "role": "Главный бухгалтер"},
]
BENEFICIARY = {
    "beneficiary": "ТОО \"ЕВРАЗИЯ ТРАНЗИТ СЕРВИС\"", "beneficiary_bank": "АО \"Народный Банк Казахстана\"",
    "PIC": "KZ86125KZT5004100100", "BIC": "HSBKKZKX", "KBe": "17", "Knp": "710",
}


def _director_staff(session) -> Staff | None:
    return session.execute(
        select(Staff).join(User, Staff.user_id == User.id).where(User.email == DIRECTOR_EMAIL)
    ).unique().scalar_one_or_none()


def demo_step(run) -> str:
    """Fill the demo director's catalogues once; later runs change nothing."""
    session = run.session
    staff = _director_staff(session)
    if staff is None:
        return "Умные документы (демо): нет демо-директора, пропущено"
    if session.execute(select(Product.id).where(Product.company_id == staff.company_id).limit(1)).first():
        return "Умные документы (демо): уже есть, ничего не изменено"
    res = service.RESOURCES
    products = [service.create(res["products"], staff, body, commit=False) for body in PRODUCTS]
    for body in WORKS:
        service.create(res["works"], staff, body, commit=False)
    actors = [service.create(res["actors"], staff, body, commit=False) for body in ACTORS]
    beneficiary = service.create(res["beneficiaries"], staff, BENEFICIARY, commit=False)
    session.flush()
    summary = "Умные документы (демо): товаров 3, работ 2, подписантов 2, бенефициар 1"
    if session.execute(select(Company.id).where(Company.bin == BUYER_BIN)).first():
        lines = [
            service.create(res["product_count"], staff, {"product": p.public_id, "count": n}, commit=False)
            for p, n in zip(products, (2, 10, 3))
        ]
        session.flush()
        today = today_almaty()
        create_document(staff, DOC_TYPES["ip"], {
            "buyer_bin": BUYER_BIN, "beneficiary": beneficiary.public_id,
            "product_counts": [line.public_id for line in lines], "executor_actor": actors[0].public_id,
            "date": today.isoformat(), "date_of_expire": (today + timedelta(days=10)).isoformat(),
            "delivery_time": "5 рабочих дней", "payment_condition": "Предоплата 100%",
            "receive_type": "Доставка", "receive_address": "г. Алматы, пр. Суюнбая, 12",
        }, commit=False)
        summary += ", счёт на оплату 1"
    session.commit()
    return summary
