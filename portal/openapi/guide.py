"""The prose of the API documentation (/docs/): the quick start and how webhooks are signed.
Kept beside the document it introduces, so the examples change with the API."""
from portal.webhooks.signing import VERIFY_SNIPPET

QUICK_START = """
## Быстрый старт

Все ответы — JSON (`Accept: application/json`), время — ISO 8601 в часовом поясе Asia/Almaty,
суммы — строки с двумя знаками (`"1500.00"`). Ниже `$P` — адрес портала, `$T` — ваш токен.

**1. Токен.** Обменяйте e-mail и пароль сотрудника на ключ и передавайте его в каждом запросе:

```bash
curl -s -X POST $P/auth/token/ -H 'Content-Type: application/json' \\
     -d '{"email": "director@example.kz", "password": "…"}'
# {"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"}
export T=9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b
```

**2. Поиск покупателя** в справочнике по названию или БИН:

```bash
curl -s "$P/clients/clients/?search=евразия" -H "Authorization: Token $T"
# {"count": 1, "results": [{"id": "1d0173d1", "bin": "130540000013", "company_name": "ТОО \\"ЕВРАЗИЯ…\\"", …}]}
```

**3. Счёт на оплату.** Товар, позиция (id позиций — из `POST /smart_doc/product_count/`),
бенефициар, затем сам счёт:

```bash
curl -s -X POST $P/smart_doc/products/ -H "Authorization: Token $T" -H 'Content-Type: application/json' \\
     -d '{"name": "Ноутбук ASUS", "measure": "шт", "price": "250000.00"}'          # → {"id": "a095fbe6", …}
curl -s -X POST $P/smart_doc/product_count/ -H "Authorization: Token $T" -H 'Content-Type: application/json' \\
     -d '{"product": "a095fbe6", "count": 2}'                                        # → {"id": "5be0c1aa", …}
curl -s -X POST $P/smart_doc/beneficiaries/ -H "Authorization: Token $T" -H 'Content-Type: application/json' \\
     -d '{"beneficiary": "ТОО Пример", "beneficiary_bank": "АО Банк", "PIC": "KZ…", "BIC": "TBKBKZKA", "KBe": "17", "Knp": "710"}'
curl -s -X POST $P/smart_doc/invoices_for_payment/ -H "Authorization: Token $T" -H 'Content-Type: application/json' \\
     -H 'Idempotency-Key: 6f1c2a8e-3b5d-4c1e-9f0a-7d2b4e6c8a10' \\
     -d '{"buyer": "1d0173d1", "beneficiary": "77c1d2e3", "product_counts": ["5be0c1aa"]}'   # → {"id": "c3b2a1f0", …}
```

**4. Выпуск PDF** с номером (повтор с тем же `Idempotency-Key` вернёт тот же ответ):

```bash
curl -s -X POST $P/smart_doc/documents/ -H "Authorization: Token $T" -H 'Content-Type: application/json' \\
     -H 'Idempotency-Key: 0b7e…' -d '{"type": "ip", "content_id": "c3b2a1f0", "form": "pu"}'
# 201 {"id": "e81f0c2d", "number": "2026-000001", "file": "$P/smart_doc/documents/e81f0c2d/file/", …}
```

**5. Скачивание:**

```bash
curl -s -o invoice.pdf "$P/smart_doc/documents/e81f0c2d/file/" -H "Authorization: Token $T"
```

**6. Вебхук** — чтобы узнавать о выпуске, оплате и просрочке без опроса (только директор):

```bash
curl -s -X POST $P/webhooks/ -H "Authorization: Token $T" -H 'Content-Type: application/json' \\
     -d '{"url": "https://erp.example.kz/hooks/portal", "events": ["document.issued", "invoice.paid"]}'
# 201 {"id": "3f9a1c2e", "secret": "whsec_…", …}  — сохраните secret: он показывается один раз
```

## Синхронизация без лишнего трафика

- Каждый JSON GET отдаёт `ETag` (и `Last-Modified`, где известно время): повторите запрос с
  `If-None-Match: <ETag>` — пока данные те же, ответ `304` без тела.
- Списки компаний, e-mail, телефонов и все списки смарт-документов принимают
  `?updated_after=2026-03-01T00:00:00%2B05:00` (включительно, по `(updated, id)`) и `ordering=updated`;
  удалённые объекты смарт-документов — `GET /smart_doc/deleted/?updated_after=…`.
- `Idempotency-Key` на любом POST: тот же ключ и тело в течение 24 часов — первый ответ
  (`Idempotent-Replayed: true`), тот же ключ с другим телом — `422`.
- Лимиты на токен (`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`); при `429` ждите `Retry-After` секунд.
"""

WEBHOOKS = f"""
Директор компании регистрирует адреса (`POST /webhooks/`) и выбирает события: `document.issued`,
`document.annulled`, `payment.recorded`, `invoice.paid`, `invoice.overdue`, `statement.imported`
(загружена банковская выписка с новыми строками; `data` — выписка, как её показывает
`GET /ledger/statements/`), `reminder.sent` (почтовый сервер принял письмо-напоминание об оплате;
`data` — `{{"invoice": {{"id", "number", "date"}}, "rule": id правила или null (вручную), "days",
"by_hand", "recipients", "subject", "sent_at"}}`). Каждое событие — POST
с JSON-телом `{{"id": "evt_…", "event": "document.issued", "created": "2026-03-01T10:15:00+05:00",
"data": {{…объект, как его показывает его JSON-двойник…}}}}` и заголовками `X-Portal-Event`,
`X-Portal-Delivery` (id события: по нему отбрасывайте повторы) и

`X-Portal-Signature: t=<unix-время>,v1=<hex HMAC-SHA256(secret, f"{{t}}.{{тело}}")>`

Ответьте 2xx в течение 10 секунд. Иначе портал повторит попытку через 1, 5, 30 минут, 2, 6 и
12 часов (7 попыток); перенаправления не выполняются. Адрес, не принявший много попыток подряд,
отключается, и директор получает письмо. Журнал доставок — `GET /webhooks/<id>/deliveries/`
(доставленные и неудавшиеся хранятся 30 дней), повторная отправка —
`POST /webhooks/deliveries/<id>/resend/`. Адреса во внутренних сетях (loopback, частные,
link-local) запрещены. Секрет показывается один раз — при регистрации и при замене
(`POST /webhooks/<id>/secret/`: старый перестаёт действовать сразу); портал хранит его
зашифрованным.

Проверка подписи (Python, стандартная библиотека):

```python
{VERIFY_SNIPPET}
# Flask: verify(SECRET, request.headers["X-Portal-Signature"], request.get_data())
```
"""

TAGS = [
    {"name": "Webhooks", "description": WEBHOOKS},
    {"name": "Smart Docs: sync", "description": "Что удалено: id для удаления из вашей копии."},
]
