"""A person-readable label for a login's User-Agent: «Chrome 120 · Windows».

The raw string stays in the database and the JSON twin; this is only what the
sessions page shows. ua-parser keeps the browser/OS regex list current, which a
hand-written parse would not."""
from functools import lru_cache

from ua_parser import parse

# ua-parser names some families in a way people do not say aloud.
_BROWSERS = {"Mobile Safari": "Safari", "Chrome Mobile": "Chrome", "Chrome Mobile iOS": "Chrome",
             "Firefox Mobile": "Firefox", "Firefox iOS": "Firefox", "Edge Mobile": "Edge",
             "HeadlessChrome": "Headless Chrome", "Yandex Browser": "Яндекс Браузер",
             "Python Requests": "Python requests"}
_SYSTEMS = {"Mac OS X": "macOS"}


@lru_cache(maxsize=512)
def device_label(user_agent: str | None) -> str:
    """«Browser major · OS», or «—» when nothing is known, or the raw string's
    first word when the parser does not recognise it (a script, a curl)."""
    raw = (user_agent or "").strip()
    if not raw:
        return "—"
    found = parse(raw)
    if found.user_agent is None and found.os is None:
        return raw.split()[0][:40]
    parts = []
    if found.user_agent is not None:
        name = _BROWSERS.get(found.user_agent.family, found.user_agent.family)
        parts.append(f"{name} {found.user_agent.major}" if found.user_agent.major else name)
    if found.os is not None and found.os.family != "Other":
        system = _SYSTEMS.get(found.os.family, found.os.family)
        if found.device is not None and found.device.family in ("iPhone", "iPad"):
            system = f"{found.device.family}, {system}"
        parts.append(system)
    return " · ".join(parts) or raw.split()[0][:40]
