"""The 1C exchange text (`1CClientBankExchange`) as Kazakh banks export statements for 1C.

The layout is 1C's standard: a header of `Key=Value` lines, `СекцияРасчСчет … КонецРасчСчет`
(account, period, balances), then one `СекцияДокумент=<kind> … КонецДокумента` per operation,
and `КонецФайла`. Files come in Windows-1251 (`Кодировка=Windows`), sometimes UTF-8 with or
without a BOM, rarely DOS (cp866).

Field names, as Kazakh banks write them (checked against public examples, not 1C's Russian
spec, whose ИНН/КПП/БИК fields differ):
- a Kaspi Bank statement in the tests of the OSI.Core project (C#, `TestKaspiStatementParser`,
  `KaspiBankStatementParser`): `СекцияДокумент=выписка`, `НомерДокумента`, `ДатаДокумента`,
  `ВидДокумента=Платежное поручение`, `ПлательщикНаименование`, `ПлательщикБИН_ИИН`,
  `ПлательщикИИК`, `ПлательщикБанкБИК`, `ПлательщикКБЕ`, the same with `Получатель…`,
  `СуммаПриход` / `СуммаРасход` (no plain `Сумма`), `ДатаОперации`, `НазначениеПлатежа`,
  `КодНазначенияПлатежа` (the КНП);
- a Kazakh parser of Kaspi and ForteBank statements that reads the same names, plus
  `РасчСчет` inside documents (ForteBank) and a plain `Сумма`;
- 1C's own standard (v8.1c.ru, «Стандарт обмена с системами клиент-банка»): `Номер`, `Дата`,
  `Сумма`, `ДатаПоступило` / `ДатаСписано` (which side the money went), `Плательщик1`,
  `ПлательщикСчет`, `Получатель1`, `ПолучательСчет`.
So the reader takes each value from the first of its known names that is present. Where the
brief said `Номер`, `Сумма`, `КНП`, `КБе`, `Код`, the Kazakh files write `НомерДокумента`,
`СуммаПриход`/`СуммаРасход`, `КодНазначенияПлатежа`, `ПолучательКБЕ`/`ПлательщикКБЕ`; both
spellings are accepted.
"""
from portal.ledger.statements.parsed import (ParsedLine, ParsedStatement, StatementError, clean_bin, clip,
                                             parse_amount, parse_date)

MAGIC = "1CClientBankExchange"
NUMBER = ("НомерДокумента", "Номер")
DATE = ("ДатаОперации", "ДатаПоступило", "ДатаСписано", "ДатаДокумента", "Дата")
PAYER_NAME = ("ПлательщикНаименование", "Плательщик1", "Плательщик")
PAYER_BIN = ("ПлательщикБИН_ИИН", "ПлательщикБИН", "ПлательщикИИН", "ПлательщикБИНИИН", "ПлательщикИНН")
PAYER_ACCOUNT = ("ПлательщикИИК", "ПлательщикСчет", "ПлательщикРасчСчет")
PAYEE_ACCOUNT = ("ПолучательИИК", "ПолучательСчет", "ПолучательРасчСчет")
PURPOSE = ("НазначениеПлатежа", "НазначениеПлатежа1")
KNP = ("КодНазначенияПлатежа", "КНП")


def decode(data: bytes) -> str:
    """UTF-8 when it is (BOM or not), else the header's code page: Windows-1251 or DOS (cp866)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\xca\xee\xe4\xe8\xf0\xee\xe2\xea\xe0=DOS" in data[:2048]:  # «Кодировка=DOS» in cp1251
        return data.decode("cp866", errors="replace")
    return data.decode("cp1251", errors="replace")


def looks_like_1c(data: bytes) -> bool:
    return MAGIC.encode() in data[:64]


def _first(values: dict, names: tuple[str, ...]) -> str:
    for name in names:
        if values.get(name, "").strip():
            return values[name].strip()
    return ""


def _document(values: dict, lines: dict, start: int, account: str) -> ParsedLine:
    """One `СекцияДокумент`: its side (in/out), amount, date, payer and purpose; `lines` says
    which line of the file each field is on, so a bad value is reported where it is."""
    incoming, outgoing = values.get("СуммаПриход", "").strip(), values.get("СуммаРасход", "").strip()
    if incoming and parse_amount(incoming, lines.get("СуммаПриход"), "СуммаПриход") > 0:
        direction, amount = "in", parse_amount(incoming, lines.get("СуммаПриход"), "СуммаПриход")
    elif outgoing and parse_amount(outgoing, lines.get("СуммаРасход"), "СуммаРасход") > 0:
        direction, amount = "out", parse_amount(outgoing, lines.get("СуммаРасход"), "СуммаРасход")
    elif values.get("Сумма", "").strip():
        amount = parse_amount(values["Сумма"], lines.get("Сумма"), "Сумма")
        payee, payer = _first(values, PAYEE_ACCOUNT).upper(), _first(values, PAYER_ACCOUNT).upper()
        if values.get("ДатаПоступило", "").strip() or (account and payee == account):
            direction = "in"
        elif values.get("ДатаСписано", "").strip() or (account and payer == account):
            direction = "out"
        else:
            raise StatementError("не понять, приход это или расход: нет ДатаПоступило/ДатаСписано, "
                                 "а счёт выписки не указан ни плательщиком, ни получателем.", start)
    else:
        raise StatementError("в документе нет суммы (СуммаПриход, СуммаРасход или Сумма).", start)
    if amount <= 0:
        raise StatementError("сумма документа должна быть больше нуля.", start)
    date_key = next((name for name in DATE if values.get(name, "").strip()), None)
    if not date_key:
        raise StatementError("в документе нет даты (ДатаОперации, ДатаДокумента или Дата).", start)
    return ParsedLine(
        position=start, op_date=parse_date(values[date_key], lines.get(date_key), date_key), direction=direction, amount=amount,
        doc_number=clip(_first(values, NUMBER), 50), payer_name=clip(_first(values, PAYER_NAME), 500),
        payer_bin=clean_bin(_first(values, PAYER_BIN)), payer_account=clip(_first(values, PAYER_ACCOUNT), 34),
        purpose=clip(_first(values, PURPOSE), 1000), knp=clip(_first(values, KNP), 3),
    )


def parse_1c(data: bytes) -> ParsedStatement:
    """Read the whole file or refuse it at the first line that breaks the format."""
    text = decode(data)
    lines = text.splitlines()
    number = next((i for i, line in enumerate(lines, 1) if line.strip()), 0)
    if not number or lines[number - 1].strip().lstrip("\ufeff") != MAGIC:
        raise StatementError(f"файл не начинается с «{MAGIC}»: это не выгрузка для 1С.", number or 1)
    header: dict[str, str] = {}
    section: str | None = None  # "account" or "document"
    values: dict[str, str] = {}
    where: dict[str, int] = {}
    start = 0
    result = ParsedStatement("1c", [])
    ended = False
    for index in range(number, len(lines)):
        line_no, line = index + 1, lines[index].strip()
        if not line:
            continue
        if ended:
            raise StatementError("текст после «КонецФайла».", line_no)
        key, sep, value = line.partition("=")
        key = key.strip()
        if key == "СекцияДокумент":
            if section:
                raise StatementError(f"новый документ, а раздел со строки {start} не закрыт.", line_no)
            section, values, where, start = "document", {}, {}, line_no
        elif key == "КонецДокумента":
            if section != "document":
                raise StatementError("«КонецДокумента» без «СекцияДокумент».", line_no)
            result.lines.append(_document(values, where, start, result.account.upper()))
            section = None
        elif key == "СекцияРасчСчет":
            if section:
                raise StatementError(f"раздел счёта внутри раздела со строки {start}.", line_no)
            section, values, where, start = "account", {}, {}, line_no
        elif key == "КонецРасчСчет":
            if section != "account":
                raise StatementError("«КонецРасчСчет» без «СекцияРасчСчет».", line_no)
            result.account = result.account or values.get("РасчСчет", "").strip()
            section = None
        elif key == "КонецФайла":
            if section:
                raise StatementError(f"файл кончается, а раздел со строки {start} не закрыт.", line_no)
            ended = True
        elif not sep:
            raise StatementError(f"ожидается «Поле=значение», а здесь «{line[:60]}».", line_no)
        elif section:
            values[key], where[key] = value, line_no
        else:
            header[key] = value
            if key == "РасчСчет":
                result.account = value.strip()
    if section:
        raise StatementError(f"раздел со строки {start} не закрыт (нет «КонецДокумента»).", start)
    result.account = clip(result.account, 34)
    for name, attr in (("ДатаНачала", "period_start"), ("ДатаКонца", "period_end")):
        if header.get(name, "").strip():
            setattr(result, attr, parse_date(header[name], 0, name))
    result.bank = clip(header.get("Отправитель", ""), 100)
    return result
