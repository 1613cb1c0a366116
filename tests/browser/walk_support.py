"""The walk over every page (tests/browser/test_every_page_browser.py): objects of each kind a user
can open, the URLs of every GET route built from the app's url_map, and what a tab saw on each page
(console errors, CSP violations, page errors, htmx error events). No tests here."""
from dataclasses import dataclass, field
from datetime import timedelta

from flask import Flask

from portal.chores import reminders, schedules
from portal.extensions import db
from portal.models import CompanyType, District, Email, Locality, PhoneNumber, Rubric, Section, SubSection
from portal.staffing.invites import create_invite
from portal.timeutil import today_almaty
from tests import factories
from tests.chores_support import schedule_body
from tests.test_dashboard import add_market_data
from tests.test_documents_support import issue_doc, make_sources, post, staff_of_user
from tests.test_ledger_statements import upload
from tests.test_market_support import store_history

# GET routes the walk does not open as pages, and why. Anything else the url_map gains is walked
# or fails the test until it is given ids here or a reason.
NOT_PAGES = {
    "static": "files, not pages",
    "favicon": "an image",
    "api_docs.openapi_json": "JSON for integrators",
    "ledger.registry_export": "a spreadsheet download",
    "ledger.payments_export": "a spreadsheet download",
    "documents.file": "the PDF download",
    "documents.qr_code": "a PNG",
    "smart_doc.product_image": "an image (none uploaded)",
}

# Objects are made through the integrators' JSON API where it has the verb, as a client would.
DOC_TYPES = {"ip": "invoices_for_payment", "aw": "act_of_works", "wb": "waybills", "co": "commercial_offers",
             "in": "invoices"}
# Routes whose <public_id> is the first item of a list route's JSON (catalogues, directory lists).
LISTED = ("clients.{}_detail", "smart_doc.{}_detail", "smart_doc.{}_card", "smart_doc.{}_edit")


def _first_id(client, headers, path: str) -> str | None:
    body = client.get(path, headers=headers).get_json(silent=True)
    items = body.get("results", []) if isinstance(body, dict) else (body or [])
    return (items[0].get("id") or items[0].get("user")) if items else None  # staff: by user id


def _directory_rows(company) -> None:
    """A row of each directory list the factories leave empty, tied to the buyer."""
    section = Section(section="Транспорт")
    rubric = Rubric(rubric="Грузоперевозки", sub_section=SubSection(sub_section="Перевозки", section=section))
    kind = CompanyType(type="транспортная компания")
    db.session.add_all([rubric, kind, District(district="Турксибский район", locality=db.session.query(Locality).first()),
                        Email(email="buh@buyer.kz", company=company), PhoneNumber(phone_number="+7(727)300-00-00", company=company)])
    company.rubrics.append(rubric)
    company.types.append(kind)
    db.session.commit()


def build_world(app: Flask, client, headers, director, buyer) -> dict[str, list[dict]]:
    """Every kind of object a director can open; the URL arguments of each endpoint that takes any."""
    staff = staff_of_user(director)
    _directory_rows(buyer)
    add_market_data()
    store_history()
    drafts = make_sources(client, headers, buyer)
    issued = {kind: issue_doc(client, headers, source, kind) for kind, source in make_sources(client, headers, buyer).items()}
    invoice = issued["ip"]["id"]
    payment = client.post(f"/ledger/invoices/{invoice}/payments/", headers=headers, json={
        "paid_on": today_almaty().isoformat(), "amount": "10.00", "method": "card", "reference": "ПП 1", "note": ""})
    payment = payment.get_json()
    statement = upload(client, headers, "kaspi_1c_cp1251.txt")
    rule = reminders.create_rule(staff, {"days": 3, "subject": "Счёт № {номер}", "text": "Осталось {остаток} ₸"})
    schedule = schedules.create_schedule(staff, schedule_body(drafts["ip"], today_almaty() - timedelta(days=40)),
                                         "http://portal.test/")
    db.session.commit()
    hook = client.post("/webhooks/", json={"url": "http://127.0.0.1:9/hook", "events": ["document.issued"]},
                       headers=headers).get_json()
    extra = post(client, headers, "invoices_for_payment/", {
        "buyer": buyer.public_id, "product_counts": drafts["ip"]["product_counts"], "date": "2026-11-27",
        "beneficiary": drafts["ip"]["beneficiary"]})
    long_lines = [post(client, headers, "product_count/", {"product": post(client, headers, "products/", {
        "name": f"Кабель витая пара UTP Cat.6 (ҚАЗАҚСТАН) бухта 305 м, партия {n}", "description": "", "measure": "бухта",
        "manufacturer": "", "image": None, "price": "48990.50"})["id"], "count": n})["id"] for n in range(1, 11)]
    ten = post(client, headers, "invoices_for_payment/", {
        "buyer": buyer.public_id, "product_counts": long_lines, "date": "2026-11-28", "beneficiary": drafts["ip"]["beneficiary"]})
    run = client.post("/smart_doc/documents/bulk/", json={"type": "ip", "content_ids": [extra["id"]]}, headers=headers)
    invite = create_invite(staff, "Работник")
    db.session.commit()
    claim = make_newcomer(client)
    ids: dict[str, list[dict]] = {
        "smart_doc.{}_detail".format(path): [{"public_id": drafts[kind]["id"]}] for kind, path in DOC_TYPES.items()}
    ids.update({"smart_doc.{}_edit".format(path): [{"public_id": drafts[kind]["id"]}] for kind, path in DOC_TYPES.items()})
    ids["smart_doc.invoices_for_payment_edit"].append({"public_id": ten["id"]})  # the builder with 10 long lines
    ids.update({
        "documents.documents_detail": [{"public_id": record["id"]} for record in issued.values()],
        "documents.documents_mails": [{"public_id": invoice}],
        "documents.verify": [{"doc_id": issued["ip"]["doc_id"]}],
        "ledger.invoice_card": [{"public_id": invoice}],
        "chores.invoice_reminders": [{"public_id": invoice}],
        "ledger.payment_item": [{"public_id": payment["id"]}],
        "ledger.statement_detail": [{"public_id": statement["id"]}],
        "chores.rule_detail": [{"public_id": rule.public_id}],
        "chores.schedule_detail": [{"public_id": schedule.public_id}],
        "webhooks.endpoint": [{"public_id": hook["id"]}],
        "webhooks.deliveries": [{"public_id": hook["id"]}],
        "tasks.job_page": [{"job_id": run.get_json()["id"]}],
        "clients.clients_detail": [{"public_id": buyer.public_id}, {"public_id": director.staff.company.public_id}],
        "clients.filter_options": [{"kind": "districts"}],
        "smart_doc.builder_counterparties": [{"code": "ip"}],
        "smart_doc.builder_counterparty": [{"code": "ip"}],
        "staff.join": [{"token": invite.token}],
        "identity.claim_detail": [{"public_id": claim}],  # the newcomer's: a 404 to anyone else
        # Links from mails: a stale one shows its own page (a live one is walked in test_sessions_browser).
        "account.reset_password": [{"token": "stale-link"}],
        "account.confirm_signup": [{"token": "stale-link"}],
    })
    for rule_ in app.url_map.iter_rules():
        for pattern in LISTED:
            prefix, suffix = pattern.split("{}")
            name = rule_.endpoint
            if name in ids or not (name.startswith(prefix) and name.endswith(suffix)) or rule_.arguments != {"public_id"}:
                continue
            listing = list(app.url_map.iter_rules(prefix + name[len(prefix):-len(suffix)] + "_list"))
            if listing:
                found = _first_id(client, headers, listing[0].rule)
                if found:
                    ids[name] = [{"public_id": found}]
    return ids


def page_urls(app: Flask, ids: dict[str, list[dict]]) -> list[str]:
    """A URL for every GET route: those without arguments as they are, the others once per
    argument set in `ids`. A route with arguments and neither ids nor a reason in NOT_PAGES is an
    error: the walk must not silently miss a page."""
    urls, missing, seen = [], [], set()
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or rule.endpoint in seen:
                continue
            seen.add(rule.endpoint)  # an alias prefix (/smart_docs/) serves the same view
            if rule.arguments - set(rule.defaults or {}):
                if rule.endpoint not in ids:
                    missing.append(rule.endpoint)
                    continue
                for values in ids[rule.endpoint]:
                    urls.append(rule.build(values, append_unknown=False)[1])
            else:
                urls.append(rule.rule)
    assert missing == [], f"routes with no ids to walk them with: {missing}"
    return urls


# Before any page script: every CSP violation, uncaught error and htmx error event is reported.
WATCH = """
(() => {
  document.addEventListener('securitypolicyviolation', (e) => window.__portalSaw(
    'csp', `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || ''}:${e.lineNumber} ${e.sample || ''}`));
  for (const name of ['htmx:sendAbort', 'htmx:sendError', 'htmx:swapError', 'htmx:targetError', 'htmx:onLoadError', 'htmx:responseError']) {
    document.addEventListener(name, (e) => window.__portalSaw('htmx', name + ' ' + ((e.detail && e.detail.pathInfo && e.detail.pathInfo.requestPath) || '')));
  }
})();
"""


@dataclass
class Watch:
    """What the tabs of one browser context reported, per page URL."""

    seen: list[tuple[str, str, str]] = field(default_factory=list)

    def attach(self, context) -> None:
        context.expose_binding("__portalSaw", lambda source, kind, text: self.seen.append((source["page"].url, kind, text)))
        context.add_init_script(WATCH)

    def follow(self, tab) -> None:
        tab.on("console", lambda m: self.seen.append((tab.url, "console", m.text)) if m.type == "error" else None)
        tab.on("pageerror", lambda error: self.seen.append((tab.url, "pageerror", str(error))))

    def problems(self, ignore=()) -> list[tuple[str, str, str]]:
        return [item for item in self.seen if not any(text in item[2] for text in ignore)]


def make_newcomer(client):
    """A user with no company yet and an open claim of one (the claim page is theirs only)."""
    factories.make_user("newcomer@test.kz", "newcomer-pass")
    target = factories.make_company(name='ТОО "ИЩУ СВОЮ КОМПАНИЮ"')
    token = client.post("/auth/token/", json={"email": "newcomer@test.kz", "password": "newcomer-pass"}).get_json()["token"]
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    claim = client.post("/staff/claim/", json={"bin": target.bin, "message": ""}, headers=headers).get_json()
    return claim["claim"]["id"]
