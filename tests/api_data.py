"""A small directory for the Clients API tests: every classifier, companies linked to them,
their e-mails and phones, built through the models as the demo loader would."""
import itertools
from datetime import datetime, timezone
from types import SimpleNamespace

from portal.extensions import db
from portal.kz.bin import complete
from portal.models import (
    Company,
    CompanyType,
    District,
    Email,
    KrpName,
    Locality,
    PhoneNumber,
    Region,
    Rubric,
    Section,
    SubSection,
)

_bins = itertools.count(1)


def next_bin() -> str:
    """A valid 12-digit BIN (legal entity registered 2013-05) not used before in this run."""
    while True:
        first11 = f"130540{next(_bins):05d}"
        number = complete(first11)
        if number is not None:
            return number


def build_directory(companies: int = 3) -> SimpleNamespace:
    """Two sections, their sub-sections and rubrics, one region with two localities, districts,
    types, KRP classes, and `companies` companies with an e-mail and two phones each."""
    # Reuse what the `company` fixture may have made (names and codes are unique).
    region = db.session.query(Region).filter_by(region="Алматинская область").first() or Region(region="Алматинская область")
    almaty = Locality(locality="Алматы", region=region, kato="750000000")
    talgar = Locality(locality="Талгар", region=region, kato="196230100")
    districts = [
        District(district="Нұр Алатау м-н", locality=almaty),
        District(district="Казахфильм", locality=almaty),
        District(district="Центр", locality=talgar),
    ]
    services = Section(section="Услуги")
    food = Section(section="Продукты")
    legal = SubSection(sub_section="Юридические услуги", section=services)
    sweets = SubSection(sub_section="Кондитерские изделия", section=food)
    rubrics = [
        Rubric(rubric="Оценка собственности", sub_section=legal),
        Rubric(rubric="Нотариусы", sub_section=legal),
        Rubric(rubric="Торты на заказ", sub_section=sweets),
    ]
    types = [CompanyType(type="таможенный брокер"), CompanyType(type="компания")]
    small = db.session.query(KrpName).filter_by(code="105").first() or KrpName(code="105", krp_name="Малые предприятия (<= 5)")
    medium = db.session.query(KrpName).filter_by(code="110").first() or KrpName(code="110", krp_name="Малые предприятия (6 - 10)")
    db.session.add_all([region, almaty, talgar, *districts, services, food, legal, sweets, *rubrics, *types, small, medium])
    made = []
    for number in range(companies):
        in_almaty = number % 2 == 0
        company = Company(
            bin=next_bin(),
            director="ИСАЕВА АСЕЛЬ ТОКТАРБЕКОВНА",
            company_name=f'ТОО "ҚАЗАҚ САУДА {number}"',
            alternative_name=f'ТОО "ҚАЗАҚ САУДА {number}"',
            company_name_ex=f"Қазақ Сауда {number}",
            company_name_search=f"қазақ сауда {number}",
            registration_date=datetime(2012, 4, 27, 18, tzinfo=timezone.utc),
            oked="52299" if in_almaty else "46690",
            description="Прочая транспортно-экспедиционная деятельность",
            krp_code="105" if in_almaty else "110",
            kato="751910000" if in_almaty else "196230100",
            address="Г.АЛМАТЫ, ТУРКСИБСКИЙ РАЙОН, УЛИЦА ЗАКАРПАТСКАЯ, 51",
            index_ex="050039",
            address_ex="Ахметова, 51Б",
            web_site_ex="http://example.kz" if number == 0 else None,
            krp=small if in_almaty else medium,
            region=region,
            locality=almaty if in_almaty else talgar,
            district=districts[0] if in_almaty else None,
            rubrics=[rubrics[0]] if in_almaty else [rubrics[2]],
            types=[types[0]] if in_almaty else [types[1]],
        )
        company.emails.append(Email(email=f"info{number}@example.kz"))
        company.phone_numbers.extend([
            PhoneNumber(phone_number=f"+7(727)382-15-{number:02d}"),
            PhoneNumber(phone_number=f"+7(701)725-36-{number:02d}"),
        ])
        made.append(company)
    db.session.add_all(made)
    db.session.commit()
    return SimpleNamespace(
        region=region, localities=[almaty, talgar], districts=districts, sections=[services, food],
        sub_sections=[legal, sweets], rubrics=rubrics, types=types, krp=[small, medium], companies=made,
    )


def build_many(count: int) -> SimpleNamespace:
    """`count` rows in every directory list (classifiers, companies, e-mails, phones); count < 800.

    Names and KRP codes differ from those of the `company` fixture, so both can be used together.
    """
    region = Region(region="Регион 0")
    section = Section(section="Раздел 0")
    sub_section = SubSection(sub_section="Подраздел 0", section=section)
    locality = Locality(locality="Алматы", region=region)
    rubric = Rubric(rubric="Рубрика 0", sub_section=sub_section)
    company_type = CompanyType(type="тип 0")
    krp = KrpName(code="200", krp_name="Класс 0")
    rows = [region, section, sub_section, locality, rubric, company_type, krp]
    for number in range(1, count):
        rows += [
            Region(region=f"Регион {number}"),
            Section(section=f"Раздел {number}"),
            SubSection(sub_section=f"Подраздел {number}", section=section),
            Rubric(rubric=f"Рубрика {number}", sub_section=sub_section),
            Locality(locality=f"Пункт {number}", region=region),
            CompanyType(type=f"тип {number}"),
            KrpName(code=f"{200 + number}", krp_name=f"Класс {number}"),
        ]
    for number in range(count):
        rows.append(District(district=f"Район {number}", locality=locality))
        company = Company(
            bin=next_bin(), company_name=f'ТОО "КОМПАНИЯ {number}"', krp=krp, region=region,
            locality=locality, rubrics=[rubric], types=[company_type],
        )
        company.emails.append(Email(email=f"mail{number}@example.kz"))
        company.phone_numbers.append(PhoneNumber(phone_number=f"+7(727)000-{number // 100:02d}-{number % 100:02d}"))
        rows.append(company)
    db.session.add_all(rows)
    db.session.commit()
    return SimpleNamespace(section=section, sub_section=sub_section, locality=locality, region=region)
