"""The five document types and the three kinds of line items, as data the code reads.

Services, serializers, views, the OpenAPI module and templates all walk these tables, so a
type's fields are named in exactly one place.
"""
from dataclasses import dataclass, field

from portal.models.smart_docs import (
    ProductCount,
    WaybillProduct,
    WorkCount,
    document_product_lines,
    document_waybill_lines,
    document_work_lines,
)


@dataclass(frozen=True)
class LineKind:
    """A kind of line item: its model, the document link table and the JSON path."""

    name: str
    path: str
    model: type
    link: object
    relation: str
    title: str
    item_key: str
    item_label: str


LINE_KINDS = {
    "product": LineKind("product", "product_count", ProductCount, document_product_lines, "product_lines",
                        "Товарные позиции", "product", "Товар"),
    "work": LineKind("work", "work_counts", WorkCount, document_work_lines, "work_lines",
                     "Позиции работ", "work", "Работа"),
    "waybill": LineKind("waybill", "waybills_products", WaybillProduct, document_waybill_lines, "waybill_lines",
                        "Позиции накладных", "product", "Товар"),
}

TERM_LABELS = {
    "date_of_expire": "Действителен до",
    "delivery_time": "Срок поставки",
    "payment_condition": "Условия оплаты",
    "receive_type": "Способ получения",
    "receive_address": "Адрес получения",
    "transport_company": "Транспортная организация",
    "ttn": "Товарно-транспортная накладная (номер, дата)",
    "proxy": "Доверенность получателя (номер, дата)",
    "proxy_holder": "Кому выдана доверенность (Ф.И.О.)",
    "stock_used": "Сведения об использовании запасов, полученных от заказчика (наименование, количество, стоимость)",
    "consignor": "Грузоотправитель (наименование, адрес)",
    "consignee": "Грузополучатель (наименование, адрес)",
    "shipping_method": "Способ отправления",
    "proxy_date": "Дата доверенности",
    "contract_date": "Дата договора",
}

ACTOR_LABELS = {
    "executor_actor": "Исполнитель (сдал)",
    "customer_actor": "Представитель заказчика (принял)",
    "responsible_actor": "Ответственный за поставку",
    "head_actor": "Руководитель (отпуск разрешил)",
    "accountant_actor": "Главный бухгалтер",
}
# Where a type's form names a field its own way (the VAT invoice follows the ESF's paper form).
TYPE_LABELS = {
    ("in", "payment_condition"): "Условия оплаты по договору",
    ("in", "receive_address"): "Пункт назначения",
    ("in", "proxy"): "Доверенность на поставку (номер)",
    ("in", "proxy_holder"): "Кому выдана доверенность (Ф.И.О.)",
    ("in", "executor_actor"): "ВЫДАЛ (ответственное лицо поставщика)",
}


def field_label(type_code: str, name: str) -> str:
    """The label of a document field on the type's page (its form's words where they differ)."""
    return TYPE_LABELS.get((type_code, name)) or TERM_LABELS.get(name) or ACTOR_LABELS.get(name, name)


@dataclass(frozen=True)
class DocType:
    """One document type: where it lives, whom it is for, what it is built from."""

    code: str
    path: str
    title: str
    plural: str
    counterparty_key: str
    counterparty_label: str
    line_kind: str
    lines_key: str
    terms: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    beneficiary: bool = False
    texts: tuple[str, ...] = field(default=())
    # Optional dates besides the document's own (the VAT invoice's power of attorney).
    dates: tuple[str, ...] = ()
    # Whether the buyer's VAT registration is asked for and printed (the VAT invoice).
    buyer_vat: bool = False
    beneficiary_required: bool = True

    @property
    def lines(self) -> LineKind:
        """The kind of line items this type is built from."""
        return LINE_KINDS[self.line_kind]

    @property
    def bin_key(self) -> str:
        """The input key that picks the counterparty by BIN (`buyer_bin`)."""
        return self.counterparty_key + "_bin"


DOC_TYPES = {
    "ip": DocType(
        "ip", "invoices_for_payment", "Счёт на оплату", "Счета на оплату", "buyer", "Покупатель",
        "product", "product_counts",
        terms=("date_of_expire", "delivery_time", "payment_condition", "receive_type", "receive_address"),
        actors=("executor_actor",), beneficiary=True,
    ),
    "aw": DocType(
        "aw", "act_of_works", "Акт выполненных работ", "Акты выполненных работ", "customer", "Заказчик",
        "work", "work_counts", texts=("stock_used",), actors=("executor_actor", "customer_actor"),
    ),
    "wb": DocType(
        "wb", "waybills", "Накладная на отпуск запасов", "Накладные", "recipient", "Получатель",
        "waybill", "waybills_products", texts=("transport_company", "ttn", "proxy", "proxy_holder"),
        actors=("responsible_actor", "head_actor", "accountant_actor"),
    ),
    "co": DocType(
        "co", "commercial_offers", "Коммерческое предложение", "Коммерческие предложения", "buyer", "Адресат",
        "product", "product_counts", terms=("date_of_expire", "delivery_time", "payment_condition"),
        actors=("executor_actor",),
    ),
    "in": DocType(
        "in", "invoices", "Счёт-фактура", "Счета-фактуры", "buyer", "Покупатель",
        "product", "product_counts", terms=("payment_condition", "receive_address"),
        texts=("consignor", "consignee", "shipping_method", "proxy", "proxy_holder"), dates=("proxy_date",),
        actors=("head_actor", "accountant_actor", "executor_actor"), beneficiary=True, beneficiary_required=False,
        buyer_vat=True,
    ),
}
DOC_TYPES_BY_PATH = {t.path: t for t in DOC_TYPES.values()}
# Longest value of a text term (characters), as the columns hold them; the others take 300.
TEXT_LIMITS = {"receive_address": 500, "ttn": 100, "proxy": 100, "stock_used": 500, "consignor": 500, "consignee": 500}


def text_limit(name: str) -> int:
    """How many characters a text term or text field may hold."""
    return TEXT_LIMITS.get(name, 300)
