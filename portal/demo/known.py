"""The seed's own companies, with the fields seed-api.md shows for them. They are the first rows
of the demo directory; fields the seed does not show are generated like any other company's.

`emails`/`phones` given here are exactly the company's contacts (the seed's own numbers where it
shows them); None leaves them to the generator.
"""
from datetime import datetime
from zoneinfo import ZoneInfo

_SEED_ZONE = ZoneInfo("Asia/Almaty")


def _at(text: str) -> datetime:
    """A seed timestamp («2021-10-08T11:49:59.482374+06:00»), timezone-aware."""
    return datetime.fromisoformat(text)


def _day(year: int, month: int, day: int) -> datetime:
    """Midnight in Almaty, as the register dates registrations."""
    return datetime(year, month, day, tzinfo=_SEED_ZONE)


KNOWN_COMPANIES: list[dict] = [
    {
        "section": "Транспорт",
        "form": "ТОО",
        "inner": "ORIENT LOGIST GROUP",
        "company_name_ex": "ORIENT LOGIST GROUP",
        "director": "ТЛЕУБАЕВ САБЫР МАМАНОВИЧ",
        "bin": "120240004698",
        "registration_date": _day(2012, 2, 7),
        "oked": "52299",
        "secondary_oked": None,
        "krp_code": "110",
        "area": "Жетысуский",
        "district": None,
        "address": "Г.АЛМАТЫ, ЖЕТЫСУСКИЙ РАЙОН, ПРОСПЕКТ СУЮНБАЯ, 12, кв 15",
        "index_ex": "050016",
        "address_ex": "Суюнбая проспект, 12",
        "comment_to_adress_ex": "1 этаж, 15 офис",
        "subway_or_bus_ex": "Райымбек батыра",
        "web_site_ex": None,
        "updated": _at("2021-10-08T11:34:27.320088+06:00"),
        "rubrics": ["Экспедирование грузов", "Международные грузоперевозки"],
        "types": ["транспортно-экспедиционная компания", "логистическая компания"],
        "emails": ["orient_logist@mail.ru"],
        "phones": ["+7(727)382-15-31", "+7(701)725-36-93"],
    },
    {
        "section": "Транспорт",
        "form": "ТОО",
        "inner": "SBA TRADE GROUP",
        "company_name_ex": "SBA Trade Group",
        "director": "СЕРИКБАЕВ АЙДОС БОЛАТОВИЧ",
        "bin": "110940008664",
        "registration_date": _day(2011, 9, 14),
        "oked": "52299",
        "secondary_oked": "46900",
        "krp_code": "105",
        "area": "Турксибский",
        "district": None,
        "address": "Г.АЛМАТЫ, ТУРКСИБСКИЙ РАЙОН, УЛИЦА МАЙЛИНА, 85",
        "index_ex": "050039",
        "address_ex": "Майлина, 85",
        "comment_to_adress_ex": "2 этаж, 204 офис",
        "subway_or_bus_ex": "Майлина",
        "web_site_ex": None,
        "updated": _at("2021-10-08T11:35:12.104551+06:00"),
        "rubrics": ["Таможенное оформление", "Декларирование товаров"],
        "types": ["таможенный представитель", "таможенный брокер"],
        "emails": ["customsrep@mail.ru"],
        "phones": ["+7(727)382-16-86"],
    },
    {
        "section": "Транспорт",
        "form": "ТОО",
        "inner": "CENTER ВЭД LOGISTIC",
        "company_name_ex": "Center ВЭД Logistic",
        "director": "КАСЫМОВ ЕРЛАН СЕРИКОВИЧ",
        "bin": "070540011550",
        "registration_date": _day(2007, 5, 22),
        "oked": "52299",
        "secondary_oked": None,
        "krp_code": "115",
        "area": "Турксибский",
        "district": None,
        "address": "Г.АЛМАТЫ, ТУРКСИБСКИЙ РАЙОН, ПРОСПЕКТ СУЮНБАЯ, 263",
        "index_ex": "050006",
        "address_ex": "Суюнбая проспект, 263",
        "comment_to_adress_ex": None,
        "subway_or_bus_ex": "Станция Алматы-1",
        "web_site_ex": None,
        "updated": _at("2021-10-08T11:36:40.551902+06:00"),
        "rubrics": ["Консалтинг в сфере ВЭД", "Таможенные склады временного хранения"],
        "types": ["таможенно-брокерская компания", "склад временного хранения"],
        "emails": ["center-logistic@mail.ru"],
        "phones": ["+7(727)382-44-10", "+7(777)215-60-34"],
    },
    {
        "section": "Промышленность",
        "form": "ТОО",
        "inner": "DELUXE TRADE COMPANY",
        # The seed writes «Сompany» with a Cyrillic «С»; kept as the seed shows it.
        "company_name_ex": "Deluxe Trade Сompany",
        "director": "СПЕТЬ ВИТАЛИЙ АЛЕКСАНДРОВИЧ",
        "bin": "180540034205",
        "registration_date": _day(2018, 5, 28),
        "oked": "46690",
        "secondary_oked": None,
        "krp_code": "105",
        "area": "Турксибский",
        "district": "Қайрат",
        "address": "Г.АЛМАТЫ, ТУРКСИБСКИЙ РАЙОН, МИКРОРАЙОН ҚАЙРАТ, 181",
        "index_ex": "050010",
        # The seed lost the Kazakh letters of «Қамар сұлу» to its encoding («?амар с?лу»).
        "address_ex": "Қамар сұлу, 23",
        "comment_to_adress_ex": None,
        "subway_or_bus_ex": "Максимова",
        "web_site_ex": "http://dtc.kz",
        "updated": _at("2021-10-08T11:49:59.482374+06:00"),
        "rubrics": ["Промышленное оборудование", "Насосное оборудование"],
        "types": ["поставщик промышленного оборудования", "торговая компания"],
        "emails": [],
        "phones": ["+7(727)317-42-08", "+7(705)180-77-21"],
    },
    {
        "section": "Транспорт",
        "form": "ТОО",
        "inner": "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС",
        "company_name_ex": "Евразия Транзит Сервис",
        "director": "ИСАЕВА АСЕЛЬ ТОКТАРБЕКОВНА",
        "bin": "120440025390",
        "registration_date": _day(2012, 4, 28),
        "oked": "52299",
        "secondary_oked": None,
        "krp_code": "110",
        "area": "Турксибский",
        "district": None,
        "address": "Г.АЛМАТЫ, ТУРКСИБСКИЙ РАЙОН, УЛИЦА ЗАКАРПАТСКАЯ, 51",
        "index_ex": "050039",
        "address_ex": "Ахметова, 51Б",
        "comment_to_adress_ex": "4 этаж, 777 офис",
        "subway_or_bus_ex": "Ахметова (конечная)",
        "web_site_ex": None,
        "updated": _at("2021-11-20T13:19:37.478796+06:00"),
        "rubrics": ["Таможенное оформление", "Транзитные перевозки", "Экспедирование грузов"],
        "types": ["таможенно-брокерская компания", "таможенный брокер", "брокерская компания"],
        "emails": ["evraziya.transit@mail.ru"],
        "phones": ["+7(727)330-19-77", "+7(701)744-28-15"],
    },
    {
        "section": "B2B-услуги",
        "form": "ТОО",
        "inner": "АЛМАТИНСКОЕ ЮРИДИЧЕСКОЕ АГЕНТСТВО",
        "company_name_ex": "Алматинское Юридическое Агентство",
        "oked": "69100",
        "rubrics": ["Юридические услуги для бизнеса", "Арбитражные споры"],
        "types": ["юридическая компания"],
        "phones": ["+7(777)683-30-03"],
    },
    {
        "section": "B2B-услуги",
        "form": "ТОО",
        "inner": 'ЮРИДИЧЕСКАЯ КОМПАНИЯ "СТРАХОВАЯ ПОМОЩЬ"',
        "company_name_ex": "Юридическая Компания Страховая Помощь",
        "oked": "69100",
        "rubrics": ["Юридические услуги для бизнеса", "Взыскание задолженности"],
        "types": ["юридическая фирма"],
        "phones": ["+7(702)870-97-83"],
    },
]

# Demo accounts belong to these two (by BIN).
DEMO_COMPANY_BIN = "120440025390"
OTHER_COMPANY_BIN = "120240004698"
