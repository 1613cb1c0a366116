"""Contacts of a demo company: phone numbers «+7(7xx)xxx-xx-xx», e-mail addresses, web site
and social pages, all made from the company's name so they look like its own."""
import random
import re

from portal.demo.draw import between, digits, pick
from portal.demo.geo import MOBILE_CODES, Place

_TRANSLIT = str.maketrans({
    "А": "a", "Б": "b", "В": "v", "Г": "g", "Д": "d", "Е": "e", "Ё": "e", "Ж": "zh", "З": "z",
    "И": "i", "Й": "i", "К": "k", "Л": "l", "М": "m", "Н": "n", "О": "o", "П": "p", "Р": "r",
    "С": "s", "Т": "t", "У": "u", "Ф": "f", "Х": "kh", "Ц": "ts", "Ч": "ch", "Ш": "sh", "Щ": "sch",
    "Ъ": "", "Ы": "y", "Ь": "", "Э": "e", "Ю": "yu", "Я": "ya",
    "Ә": "a", "Ғ": "g", "Қ": "k", "Ң": "n", "Ө": "o", "Ұ": "u", "Ү": "u", "Һ": "h", "І": "i",
})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAIL_DOMAINS = ("mail.ru", "mail.ru", "mail.ru", "gmail.com", "gmail.com", "inbox.ru", "bk.ru", "list.ru", "yandex.kz", "yandex.ru")


def slug(text: str, limit: int = 24) -> str:
    """«ҚАЙРАТ СТРОЙ» → «kairat_stroi»: Latin letters, digits and underscores."""
    latin = _NOT_SLUG.sub("_", text.upper().translate(_TRANSLIT).lower()).strip("_")
    if len(latin) > limit:  # cut at a word boundary where there is one
        cut = latin[:limit + 1].rfind("_")
        latin = latin[:cut] if cut > 0 else latin[:limit]
    return latin or "company"


def phone(rng: random.Random, place: Place, landline: bool) -> str:
    """A landline of the place (Almaty's 727 and the towns' 727x codes) or a mobile number."""
    if landline:
        prefix = pick(rng, place.landline)
        number = prefix + digits(rng, 7 - len(prefix))
        code = "727"
    else:
        code = pick(rng, MOBILE_CODES)
        number = digits(rng, 7)
    return f"+7({code}){number[:3]}-{number[3:5]}-{number[5:]}"


def phones(rng: random.Random, place: Place, count: int) -> list[str]:
    """`count` numbers: the first is usually the office landline, the others mostly mobiles."""
    return [phone(rng, place, landline=rng.random() < (0.65 if n == 0 else 0.25)) for n in range(count)]


def website(rng: random.Random, name_slug: str) -> str:
    """A site address on the name («http://dtc.kz»)."""
    host = name_slug.replace("_", "-")
    return pick(rng, (f"http://{host}.kz", f"https://{host}.kz", f"https://www.{host}.kz", f"https://{host}.com"))


def emails(rng: random.Random, name_slug: str, site: str | None, count: int, year: int, form: str) -> list[str]:
    """`count` distinct addresses: the company's own domain when it has a site, else mail.ru and co."""
    prefix = "too" if form == "ТОО" else "ip" if form == "ИП" else "ao"
    domain = site.split("//", 1)[1].removeprefix("www.") if site else None
    found: list[str] = []
    attempts = 0
    while len(found) < count and attempts < 20:
        attempts += 1
        if domain and rng.random() < 0.6:
            local = pick(rng, ("info", "office", "sales", "buh", "director", "zakaz", "hr"))
            address = f"{local}@{domain}"
        else:
            local = pick(rng, (name_slug, f"{name_slug}{year % 100:02d}", f"{name_slug}_{between(rng, 1, 999)}",
                                f"buh.{name_slug}", f"{name_slug}.kz", f"{prefix}_{name_slug}"))
            address = f"{local}@{pick(rng, MAIL_DOMAINS)}"
        if address not in found:
            found.append(address)
    return found


def socials(rng: random.Random, name_slug: str) -> dict[str, str | None]:
    """Social pages: most companies have none, some an Instagram, a few the others."""
    handle = name_slug.replace("-", "_")
    return {
        "instagram_ex": f"https://www.instagram.com/{handle}_kz/" if rng.random() < 0.10 else None,
        "facebook_ex": f"https://www.facebook.com/{handle}" if rng.random() < 0.04 else None,
        "vk_ex": f"https://vk.com/{handle}" if rng.random() < 0.02 else None,
        "twitter_ex": f"https://twitter.com/{handle}" if rng.random() < 0.01 else None,
    }
