"""Words company names are made of: common ones many companies share (weighted so a few are
very frequent), suffixes, adjectives for descriptive names, and syllables for rare coined words.
"""


def _split(text: str) -> tuple[str, ...]:
    """A «|»-separated list."""
    return tuple(part.strip() for part in text.split("|") if part.strip())


# Ordered from the most to the least frequent: the generator gives rank r a weight 1/(r+1).
COMMON = _split(
    "ЕВРАЗИЯ|ҚАЙРАТ|АЛТЫН|НҰР|АЛАТАУ|ЖҰЛДЫЗ|БӘЙТЕРЕК|ӨРКЕН|АСТАНА|САМҰРЫҚ|ТҰЛПАР|ЖЕТІСУ|ВОСТОК|"
    "ГАРАНТ|КАСПИЙ|БЕРЕКЕ|ДОСТЫҚ|ЛИДЕР|АЛЬЯНС|ШАҢЫРАҚ|КӨКТЕМ|САРЫАРҚА|ТҰРАН|СТАНДАРТ|ХАН ТӘҢІРІ|"
    "ҰЛЫТАУ|ІЛЕ|АҚСАЙ|ОРДА|НҰРЛЫ|ЕЛОРДА|ПАРТНЁР|ПРЕМЬЕР|ДАРХАН|ҚЫРАН|ШЫҒЫС|АРМАН|СҰҢҚАР|МЕРЕЙ|"
    "ЦЕНТР|ПРОФИ|ЭЛИТ|ОПТИМА|ГРАНД|ВЕКТОР|АҚНИЕТ|ЖІГЕР|ҚАЗЫНА|АҚ ЖОЛ|ЫРЫС|БІРЛІК|АЙБЫН|АЛМАТЫ|"
    "ШАҺАР|ҚАҺАРМАН|ИМПУЛЬС|ГОРИЗОНТ|КРИСТАЛЛ|ОРИОН|АТЛАНТ|ТИТАН|ЗЕНИТ|МЕРИДИАН|ПАРУС|АРСЕНАЛ|"
    "ФАВОРИТ|ҚАЗАҚСТАН|ТЕҢІЗ|ЖАЙЫҚ|ӘЛЕМ|БАҚЫТ|ТАБЫС|ҮМІТ|ІЗГІЛІК|ЖАРЫҚ|КӨКЖИЕК|АҚБҰЛАҚ|ҚАРАТАУ"
)
COMMON_LATIN = _split(
    "ORIENT|ASIA|EURASIA|GLOBAL|ALFA|DELTA|SILK WAY|STEPPE|NOMAD|GRAND|PRIME|UNITED|SMART|EAST|STAR|"
    "GOLD|SKY|ALTYN|KAZ|CENTER|DELUXE|ROYAL|ATLAS|MEGA|NOVA|OMEGA|TOP|BEST|FIRST|ALMATY|ASTANA|"
    "TENGRI|KHAN|ARYS|TURAN|ZHETYSU|NURLY|BAITEREK|ORDA|SAMRUK"
)
SUFFIXES = _split("СЕРВИС|ГРУПП|ХОЛДИНГ|ПЛЮС|KZ|АЗИЯ|ИНТЕРНЭШНЛ|ЛТД|КОМПАНИ|ТРЕЙД|ЦЕНТР|ИНВЕСТ")
SUFFIXES_LATIN = _split("GROUP|COMPANY|HOLDING|PLUS|LTD|KZ|ASIA|INTERNATIONAL|CORPORATION|SERVICE|TRADE|INVEST")

# Adjectives in masculine, feminine and neuter forms, for names like «АЛМАТИНСКОЕ ЮРИДИЧЕСКОЕ АГЕНТСТВО».
ADJECTIVES = tuple(
    tuple(item.split("/"))
    for item in _split(
        "АЛМАТИНСКИЙ/АЛМАТИНСКАЯ/АЛМАТИНСКОЕ|КАЗАХСТАНСКИЙ/КАЗАХСТАНСКАЯ/КАЗАХСТАНСКОЕ|"
        "ЕВРАЗИЙСКИЙ/ЕВРАЗИЙСКАЯ/ЕВРАЗИЙСКОЕ|СТОЛИЧНЫЙ/СТОЛИЧНАЯ/СТОЛИЧНОЕ|"
        "ЦЕНТРАЛЬНО-АЗИАТСКИЙ/ЦЕНТРАЛЬНО-АЗИАТСКАЯ/ЦЕНТРАЛЬНО-АЗИАТСКОЕ|ПЕРВЫЙ/ПЕРВАЯ/ПЕРВОЕ|"
        "НАЦИОНАЛЬНЫЙ/НАЦИОНАЛЬНАЯ/НАЦИОНАЛЬНОЕ|МЕЖДУНАРОДНЫЙ/МЕЖДУНАРОДНАЯ/МЕЖДУНАРОДНОЕ|"
        "ВОСТОЧНЫЙ/ВОСТОЧНАЯ/ВОСТОЧНОЕ|СЕМИРЕЧЕНСКИЙ/СЕМИРЕЧЕНСКАЯ/СЕМИРЕЧЕНСКОЕ|"
        "ЮЖНЫЙ/ЮЖНАЯ/ЮЖНОЕ|ГОРОДСКОЙ/ГОРОДСКАЯ/ГОРОДСКОЕ"
    )
)
GENDER_FORM = {"m": 0, "f": 1, "n": 2}

# Names in quotes inside a descriptive name: ТОО "ЮРИДИЧЕСКАЯ КОМПАНИЯ "СТРАХОВАЯ ПОМОЩЬ"".
QUOTED = _split(
    "СТРАХОВАЯ ПОМОЩЬ|ПРАВОВАЯ ЗАЩИТА|ВАШ ПАРТНЁР|НАДЁЖНЫЙ ДОМ|ДОБРЫЙ ДОКТОР|ЗОЛОТОЙ КЛЮЧ|БЕЛЫЙ ПАРУС|"
    "АҚ ЖОЛ|АЛТЫН ДӘН|ЖАҢА ӨМІР|БАҚЫТТЫ ОТБАСЫ|ТАЗА СУ"
)

# Abbreviations kept in capitals by the title-case of `company_name_ex`.
ACRONYMS = _split("KZ|ВЭД|ТД|СМУ|ПСК|АБК|ПКФ|НПО|ПТК|СК|ИТ|IT|ЛТД|LTD|ЖБИ|SPA|ЖК|АЗС|СЭЗ|EVENT|BIM|PR|МРТ")
ACRONYM_LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХ"
ACRONYM_LETTERS_LATIN = "ABCDEFGHIKLMNOPRSTUVXZ"

SYLLABLES = _split(
    "АЙ|БЕК|НҰР|ТАС|ЖАН|ДАР|САН|ЕР|АЛ|МАС|ТАЛ|ҚАЗ|ӘЛ|ІН|ТӨР|ҮН|КОН|ТЕК|ВЕЛ|РОН|МАР|ЛАН|ГАЗ|ТРО|НИК|"
    "ЭЛ|ОР|АК|ҒАЛ|ДӘН|СЕР|КӨК|ТЕН|ҰЛ|ҚАН|ЗИ|ЛИ|НА|РА|ТО|ВИ|ДА|МИР|ЭКС|ТЕКС|ЛЕС|ГРА|ПРО|КАР"
)
SYLLABLES_LATIN = _split(
    "VEL|TRON|AST|EKS|MAR|KON|TEX|LIN|ZAR|NOV|TEK|RIS|VIA|OR|AL|DAN|KA|SAN|TER|MED|RA|BEK|NUR|TAL|"
    "IX|ON|EL|AR|IS|VI|LO|QU|EN|TA"
)
