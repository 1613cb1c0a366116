"""People's names for directors and sole proprietors, Kazakh and Russian, in upper case as the
state register writes them («ИСАЕВА АСЕЛЬ ТОКТАРБЕКОВНА», «ТЛЕУБАЕВ САБЫР МАМАНОВИЧ»)."""
import random

from portal.demo.draw import pick


def _split(text: str) -> tuple[str, ...]:
    """A «|»-separated list."""
    return tuple(part.strip() for part in text.split("|") if part.strip())


KAZAKH_MEN = _split(
    "ҚАЙРАТ|КАЙРАТ|НҰРЛАН|НУРЛАН|ЕРЛАН|АСХАТ|ДӘУРЕН|БАУЫРЖАН|ЕРБОЛ|САБЫР|АЙДОС|АЙДАР|ДАНИЯР|ЕРЖАН|"
    "ЖАНДОС|ТАЛҒАТ|МАРАТ|СЕРІК|СЕРИК|БОЛАТ|ҒАБИТ|АЛМАС|АСЛАН|АРМАН|НҰРСҰЛТАН|ДИАС|АБЗАЛ|ЕЛДОС|"
    "ӘЛИХАН|МҰХТАР|ҚУАНЫШ|РУСЛАН|ТИМУР|АЗАМАТ|БЕКЗАТ|ЕРКІН|ҒАЛЫМ|ДАУЛЕТ|ЖАСҰЛАН|САМАТ|АЙБЕК|"
    "ОЛЖАС|МЕЙІРЖАН|БЕРІК|БЕРИК|ТОКТАРБЕК|МАМАН|ЕСЕН|ОРАЗ|ЖАКСЫЛЫК|ТЛЕУБЕК|АМАНЖОЛ|НҰРЛЫБЕК|"
    "СӘКЕН|ЕРМЕК|ДӘУЛЕТ|ҒАНИ|РАХАТ|ТӨЛЕГЕН|ЖЕҢІС|ӘДІЛЕТ|ШЫҢҒЫС|ҚАНАТ|КАНАТ|АСҚАР|НҰРБОЛ"
)
KAZAKH_WOMEN = _split(
    "ӘСЕЛ|АСЕЛЬ|ГҮЛНАР|ГУЛЬНАР|АЙГЕРІМ|ЖАНАР|ДИНАРА|САУЛЕ|ӘЙГЕРІМ|ЖАНСАЯ|АЙЖАН|ГҮЛМИРА|"
    "ГУЛЬМИРА|МӘДИНА|ДАНА|АЛИЯ|ШЫНАР|ЖҰЛДЫЗ|ИНДИРА|КАМИЛА|АРУЖАН|БОТАГӨЗ|ЛӘЗЗАТ|НАЗЕРКЕ|ТОМИРИС|"
    "ГАУХАР|ӘЛИЯ|САНДУҒАШ|МАЙРА|РАУШАН|ЖАЗИРА|АҚМАРАЛ|ҚАРЛЫҒАШ|ДАРИҒА|ҰЛЖАН|ЖІБЕК|ӘЛИМА"
)
RUSSIAN_MEN = _split(
    "ВИТАЛИЙ|АЛЕКСАНДР|СЕРГЕЙ|АНДРЕЙ|ДМИТРИЙ|ВЛАДИМИР|НИКОЛАЙ|ИГОРЬ|ЕВГЕНИЙ|ОЛЕГ|ПАВЕЛ|ЮРИЙ|"
    "МИХАИЛ|АЛЕКСЕЙ|ВИКТОР|ДЕНИС|АРТЁМ|РОМАН|ВАДИМ|КОНСТАНТИН|АНАТОЛИЙ|ГЕННАДИЙ|ВАЛЕРИЙ|ЭДУАРД"
)
RUSSIAN_WOMEN = _split(
    "ЕЛЕНА|ОЛЬГА|ТАТЬЯНА|НАТАЛЬЯ|ИРИНА|СВЕТЛАНА|ЮЛИЯ|АННА|МАРИНА|ЕКАТЕРИНА|ОКСАНА|ВИКТОРИЯ|"
    "ЛЮДМИЛА|ГАЛИНА|НАДЕЖДА|АЛЁНА|КСЕНИЯ|ВАЛЕНТИНА|ЛАРИСА|ЖАННА"
)
KAZAKH_SURNAMES = _split(
    "ЖАКСЫБЕКОВ|ТЛЕУБАЕВ|ИСАЕВ|НУРЛАНОВ|АХМЕТОВ|СЕРИКБАЕВ|ОМАРОВ|ЖУМАБЕКОВ|КАСЫМОВ|АБДРАХМАНОВ|"
    "БЕКОВ|ТОКТАРОВ|САРСЕНБАЕВ|МУКАНОВ|КЕНЖЕБАЕВ|ДЖАКУПОВ|ИСКАКОВ|АБЕНОВ|ЕСЕНОВ|ОРАЗБАЕВ|ӘБІЛОВ|"
    "ҚАСЫМОВ|ЖҰМАБАЕВ|ҚОЖАХМЕТОВ|НҰРМАҒАНБЕТОВ|ТӨЛЕУОВ|ӘМІРОВ|БАЙМҰХАМЕДОВ|ҚҰДАЙБЕРГЕНОВ|ШӘКІРОВ|"
    "СӘТБАЕВ|ЕРМЕКОВ|КАРИМОВ|ДОСМАГАМБЕТОВ|ЖАНГАЛИЕВ|УТЕПОВ|БАЙЖАНОВ|АЙТЖАНОВ|КУАНЫШЕВ|МАМЫРОВ|"
    "САДЫКОВ|ЖАРЫЛГАПОВ|БАЙМАГАМБЕТОВ|СМАГУЛОВ|ТУРСУНОВ|РАХИМОВ|ЕСЕНТАЕВ|КУДАЙБЕРГЕНОВ|ЖЕКСЕНБАЕВ|"
    "НИЯЗОВ|ТАСТАНОВ|АМАНОВ|ҚАЛИЕВ|ЕРҒАЛИЕВ|ТӘЖІБАЕВ|ҮСЕНОВ|ӨТЕПОВ|ІЗБАСАРОВ"
)
RUSSIAN_SURNAMES = _split(
    "ИВАНОВ|ПЕТРОВ|СМИРНОВ|КУЗНЕЦОВ|ПОПОВ|ВАСИЛЬЕВ|СОКОЛОВ|МИХАЙЛОВ|НОВИКОВ|ФЁДОРОВ|МОРОЗОВ|ВОЛКОВ|"
    "АЛЕКСЕЕВ|ЛЕБЕДЕВ|СЕМЁНОВ|ЕГОРОВ|ПАВЛОВ|КОЗЛОВ|СТЕПАНОВ|НИКОЛАЕВ|ОРЛОВ|АНДРЕЕВ|МАКАРОВ|ЗАХАРОВ|"
    "ЗАЙЦЕВ|СОЛОВЬЁВ|БОРИСОВ|ЯКОВЛЕВ|ГРИГОРЬЕВ|РОМАНОВ|ВОРОБЬЁВ|СЕРГЕЕВ|ХАМИДОВ|ЮСУПОВ|ГАЛИЕВ|"
    "ЗАКИРОВ|САБИРОВ|ЗАРЕЦКИЙ|КОВАЛЬСКИЙ|КОВАЛЕНКО|БОНДАРЕНКО|ШЕВЧЕНКО|КИМ|ПАК|ЦОЙ|ЛИ|ТЕН|ХАН|ШИН|"
    "СПЕТЬ|ЮГАЙ|ШМИДТ|ВАГНЕР|ФРИЗЕН"
)

# Korean and German surnames of Kazakhstan keep one form for men and women.
_INVARIABLE_SURNAMES = frozenset(_split("КИМ|ПАК|ЦОЙ|ЛИ|ТЕН|ХАН|ШИН|СПЕТЬ|ЮГАЙ|ШМИДТ|ВАГНЕР|ФРИЗЕН"))

# Patronymics of Russian names that no simple rule gives.
_RUSSIAN_PATRONYMICS = {
    "ДМИТРИЙ": ("ДМИТРИЕВИЧ", "ДМИТРИЕВНА"),
    "МИХАИЛ": ("МИХАЙЛОВИЧ", "МИХАЙЛОВНА"),
    "ПАВЕЛ": ("ПАВЛОВИЧ", "ПАВЛОВНА"),
    "ИГОРЬ": ("ИГОРЕВИЧ", "ИГОРЕВНА"),
}


def feminine_surname(surname: str) -> str:
    """ИСАЕВ → ИСАЕВА, ЗАРЕЦКИЙ → ЗАРЕЦКАЯ; Korean, German and -ЕНКО surnames do not change."""
    if surname in _INVARIABLE_SURNAMES:
        return surname
    if surname.endswith(("ОВ", "ЕВ", "ЁВ", "ИН")):
        return surname + "А"
    if surname.endswith("КИЙ"):
        return surname[:-2] + "АЯ"
    return surname


def patronymic(father: str, female: bool, kazakh_form: bool = False) -> str:
    """The middle name from the father's name: МАМАН → МАМАНОВИЧ, or the Kazakh МАМАНҰЛЫ."""
    if kazakh_form:
        return father + ("ҚЫЗЫ" if female else "ҰЛЫ")
    if father in _RUSSIAN_PATRONYMICS:
        return _RUSSIAN_PATRONYMICS[father][1 if female else 0]
    if father.endswith("ИЙ"):
        stem = father[:-2] + "Ь"
        return stem + ("ЕВНА" if female else "ЕВИЧ")
    if father.endswith("Й"):
        stem = father[:-1]
        return stem + ("ЕВНА" if female else "ЕВИЧ")
    return father + ("ОВНА" if female else "ОВИЧ")


def person(rng: random.Random, female: bool | None = None) -> tuple[str, str, bool]:
    """A person: (surname, first name, patronymic) joined as the register writes it; also the
    short «SURNAME NAME» an ИП is named after, and whether she is a woman."""
    if female is None:
        female = rng.random() < 0.45
    kazakh = rng.random() < 0.72
    if kazakh:
        surname = pick(rng, KAZAKH_SURNAMES)
        first = pick(rng, KAZAKH_WOMEN if female else KAZAKH_MEN)
        father = pick(rng, KAZAKH_MEN)
        middle = patronymic(father, female, kazakh_form=rng.random() < 0.08)
    else:
        surname = pick(rng, RUSSIAN_SURNAMES)
        first = pick(rng, RUSSIAN_WOMEN if female else RUSSIAN_MEN)
        middle = patronymic(pick(rng, RUSSIAN_MEN), female)
    if female:
        surname = feminine_surname(surname)
    return f"{surname} {first} {middle}", f"{surname} {first}", female
