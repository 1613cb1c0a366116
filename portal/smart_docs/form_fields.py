"""How each catalogue's form looks: labels, input types, hints and suggestions.

Forms here only describe layout; the rules live in portal.smart_docs.catalogues.
"""
from dataclasses import dataclass

from portal.smart_docs.banking import KBE_SUGGESTIONS, KNP_SUGGESTIONS
from portal.smart_docs.units import UNITS

# The classifier's units offered in a datalist, with their code; anything else may be typed.
UNIT_SUGGESTIONS = tuple((short, f"{full}{', код ' + code if code else ''}") for code, short, full in UNITS)
MEASURE_HINT = "Из списка единиц по классификатору (код подставится сам) или свою; до 50 символов"


@dataclass(frozen=True)
class FieldSpec:
    """One input of a catalogue form."""

    key: str
    label: str
    type: str = "text"
    hint: str | None = None
    required: bool = True
    suggestions: tuple = ()
    maxlength: int = 300


CATALOGUE_FIELDS = {
    "works": (
        FieldSpec("name", "Название"),
        FieldSpec("measure", "Единица измерения", hint=MEASURE_HINT, maxlength=50, suggestions=UNIT_SUGGESTIONS),
        FieldSpec("code", "Код (артикул)", hint="Печатается в графе «Код»; необязательно", required=False, maxlength=50),
        FieldSpec("price", "Цена, ₸", "money", hint="С НДС или без — по настройке «Цены включают НДС»; до двух знаков после запятой"),
        FieldSpec("description", "Описание", "textarea", required=False, maxlength=2000),
    ),
    "actors": (
        FieldSpec("full_name", "ФИО"),
        FieldSpec("role", "Должность", maxlength=200,
                  suggestions=(("Директор", ""), ("Главный бухгалтер", ""), ("Менеджер", ""), ("Работник", ""))),
    ),
    "products": (
        FieldSpec("name", "Название"),
        FieldSpec("measure", "Единица измерения", hint=MEASURE_HINT, maxlength=50, suggestions=UNIT_SUGGESTIONS),
        FieldSpec("code", "Код (артикул)", hint="Печатается в графах «Код» и «Номенклатурный номер»; необязательно",
                  required=False, maxlength=50),
        FieldSpec("price", "Цена, ₸", "money", hint="С НДС или без — по настройке «Цены включают НДС»; до двух знаков после запятой"),
        FieldSpec("manufacturer", "Производитель", required=False),
        FieldSpec("description", "Описание", "textarea", required=False, maxlength=2000),
        FieldSpec("image", "Изображение", "file", hint="PNG, JPEG или WebP, до 5 МБ", required=False),
    ),
    "beneficiaries": (
        FieldSpec("beneficiary", "Бенефициар", hint="Получатель платежа"),
        FieldSpec("beneficiary_bank", "Банк бенефициара"),
        FieldSpec("PIC", "ИИК (IBAN)", hint="20 символов, начинается с KZ", maxlength=40),
        FieldSpec("BIC", "БИК", hint="8 или 11 символов, например TBKBKZKA", maxlength=20),
        FieldSpec("KBe", "КБе", hint="Две цифры: 17 — ТОО, 19 — ИП или физлицо", maxlength=2,
                  suggestions=KBE_SUGGESTIONS),
        FieldSpec("Knp", "КНП", hint="Три цифры, например 710 — оплата за товары", maxlength=3,
                  suggestions=KNP_SUGGESTIONS),
    ),
}

# Common wordings offered in the builder's terms fields (free text is accepted).
TERM_SUGGESTIONS = {
    "delivery_time": ("В течение 5 рабочих дней после оплаты", "В течение 10 рабочих дней после оплаты", "По согласованию"),
    "payment_condition": ("100% предоплата", "Оплата в течение 5 банковских дней", "50% предоплата, 50% по факту поставки"),
    "receive_type": ("Самовывоз", "Доставка поставщиком", "Транспортная компания"),
}
