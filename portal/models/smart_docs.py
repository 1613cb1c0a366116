"""Smart documents: a company's catalogues, line items, and the five document types.

Every row carries `company_id` (the tenant wall) and `staff_id` (who created it). Money is
stored as whole tiyn in a BIGINT so SQLite and PostgreSQL keep it exact; Python sees Decimal.
"""
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import BigInteger, Column, Date, DateTime, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from portal.extensions import db
from portal.models.accounts import Staff
from portal.models.base import PublicIdMixin
from portal.models.directory import Company
from portal.smart_docs.quantity import Quantity
from portal.timeutil import now_utc

TIYN = Decimal("0.01")


class Money(TypeDecorator):
    """A Decimal amount in tenge, stored as an integer number of tiyn."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Decimal tenge → integer tiyn (rounded half-up, though services already round)."""
        if value is None:
            return None
        return int(Decimal(value).quantize(TIYN, rounding=ROUND_HALF_UP).scaleb(2))

    def process_result_value(self, value, dialect):
        """Integer tiyn → Decimal tenge with two places."""
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(TIYN)


class TenantMixin:
    """Who owns a row (the company) and who made it (a staff position).

    `staff` is loaded on demand: every row of a page has the same few creators, which the
    session's identity map then serves without joining staff, users and companies per row.
    """

    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    created: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
    updated: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc, onupdate=now_utc)


class Work(PublicIdMixin, TenantMixin, db.Model):
    """A service the company performs (acts of work are built from these)."""

    __tablename__ = "sd_works"
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    measure: Mapped[str] = mapped_column(String(50))
    # The unit's code in the classifier of units (МКЕИ / ОКЕИ, `796` for шт), blank for a free unit.
    measure_code: Mapped[str] = mapped_column(String(3), default="", server_default="")
    # The article code printed in «Код» / «Номенклатурный номер» (optional).
    code: Mapped[str] = mapped_column(String(50), default="", server_default="")
    price: Mapped[Decimal] = mapped_column(Money)
    staff: Mapped[Staff | None] = relationship()


class Actor(PublicIdMixin, TenantMixin, db.Model):
    """A person who signs documents (executor, head, accountant, responsible person)."""

    __tablename__ = "sd_actors"
    full_name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(200))
    staff: Mapped[Staff | None] = relationship()


class Product(PublicIdMixin, TenantMixin, db.Model):
    """Goods the company sells; the image is a file under instance/uploads/ with a random name."""

    __tablename__ = "sd_products"
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    measure: Mapped[str] = mapped_column(String(50))
    measure_code: Mapped[str] = mapped_column(String(3), default="", server_default="")
    code: Mapped[str] = mapped_column(String(50), default="", server_default="")
    manufacturer: Mapped[str] = mapped_column(String(300), default="")
    image_file: Mapped[str | None] = mapped_column(String(80))
    price: Mapped[Decimal] = mapped_column(Money)
    staff: Mapped[Staff | None] = relationship()


class Beneficiary(PublicIdMixin, TenantMixin, db.Model):
    """Bank details a buyer pays to: the payee, its bank, IIK (IBAN), BIC, KBe and KNP."""

    __tablename__ = "sd_beneficiaries"
    beneficiary: Mapped[str] = mapped_column(String(300))
    beneficiary_bank: Mapped[str] = mapped_column(String(300))
    iik: Mapped[str] = mapped_column(String(20))
    bic: Mapped[str] = mapped_column(String(11))
    kbe: Mapped[str] = mapped_column(String(2))
    knp: Mapped[str] = mapped_column(String(3))
    staff: Mapped[Staff | None] = relationship()


class ProductCount(PublicIdMixin, TenantMixin, db.Model):
    """A product line: the unit price is a snapshot taken when the line is made."""

    __tablename__ = "sd_product_counts"
    product_id: Mapped[int] = mapped_column(ForeignKey("sd_products.id", ondelete="RESTRICT"), index=True)
    count: Mapped[Decimal] = mapped_column(Quantity)
    price: Mapped[Decimal] = mapped_column(Money)
    total_sum: Mapped[Decimal] = mapped_column(Money)
    product: Mapped[Product] = relationship(lazy="joined")
    staff: Mapped[Staff | None] = relationship()


class WorkCount(PublicIdMixin, TenantMixin, db.Model):
    """A work line of an act: quantity, date done and report details, with a price snapshot."""

    __tablename__ = "sd_work_counts"
    work_id: Mapped[int] = mapped_column(ForeignKey("sd_works.id", ondelete="RESTRICT"), index=True)
    count: Mapped[Decimal] = mapped_column(Quantity)
    price: Mapped[Decimal] = mapped_column(Money)
    total_sum: Mapped[Decimal] = mapped_column(Money)
    another_info: Mapped[str] = mapped_column(String(500), default="")
    date_of_completion: Mapped[dt.date | None] = mapped_column(Date)
    work: Mapped[Work] = relationship(lazy="joined")
    staff: Mapped[Staff | None] = relationship()


class WaybillProduct(PublicIdMixin, TenantMixin, db.Model):
    """A waybill line: quantity to release and released; the sum follows the released quantity."""

    __tablename__ = "sd_waybill_products"
    product_id: Mapped[int] = mapped_column(ForeignKey("sd_products.id", ondelete="RESTRICT"), index=True)
    subject_to_leave: Mapped[Decimal] = mapped_column(Quantity)
    subject_left: Mapped[Decimal] = mapped_column(Quantity)
    price: Mapped[Decimal] = mapped_column(Money)
    total_sum: Mapped[Decimal] = mapped_column(Money)
    product: Mapped[Product] = relationship(lazy="joined")
    staff: Mapped[Staff | None] = relationship()


def _line_link_table(name: str, line_table: str) -> Table:
    """A document ↔ line link; `position` keeps the order the lines were given in."""
    return Table(
        name,
        db.metadata,
        Column("document_id", ForeignKey("sd_documents.id", ondelete="CASCADE"), primary_key=True),
        Column("line_id", ForeignKey(f"{line_table}.id", ondelete="RESTRICT"), primary_key=True, index=True),
        Column("position", Integer, nullable=False, default=0),
    )


document_product_lines = _line_link_table("sd_document_product_lines", "sd_product_counts")
document_work_lines = _line_link_table("sd_document_work_lines", "sd_work_counts")
document_waybill_lines = _line_link_table("sd_document_waybill_lines", "sd_waybill_products")


class SmartDocument(PublicIdMixin, TenantMixin, db.Model):
    """One document of any of the five types (`doc_type`: ip, aw, wb, co, in).

    One table serves all types: they share the counterparty, totals and VAT, and lists,
    the dashboard and issued PDFs address a document by (type code, public id).
    """

    __tablename__ = "sd_documents"
    __table_args__ = (
        Index("ix_sd_documents_company_type_date", "company_id", "doc_type", "date", "id"),
        Index("ix_sd_documents_company_created", "company_id", "created"),
        Index("ix_sd_documents_company_updated", "company_id", "updated", "id"),
    )

    doc_type: Mapped[str] = mapped_column(String(2))
    date: Mapped[dt.date] = mapped_column(Date)
    contract: Mapped[str] = mapped_column(String(300), default="Без договора")
    contract_date: Mapped[dt.date | None] = mapped_column(Date)
    counterparty_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="RESTRICT"), index=True)
    nds_percent: Mapped[int] = mapped_column(Integer)
    total_sum: Mapped[Decimal] = mapped_column(Money)
    nds_sum: Mapped[Decimal] = mapped_column(Money)
    total_count: Mapped[int] = mapped_column(Integer)
    total_quantity: Mapped[Decimal] = mapped_column(Quantity)
    # Terms (invoice for payment; a commercial offer uses expiry, delivery and payment).
    date_of_expire: Mapped[dt.date | None] = mapped_column(Date)
    delivery_time: Mapped[str] = mapped_column(String(300), default="")
    payment_condition: Mapped[str] = mapped_column(String(300), default="")
    receive_type: Mapped[str] = mapped_column(String(300), default="")
    receive_address: Mapped[str] = mapped_column(String(500), default="")
    beneficiary_id: Mapped[int | None] = mapped_column(ForeignKey("sd_beneficiaries.id", ondelete="RESTRICT"), index=True)
    # Waybill.
    transport_company: Mapped[str] = mapped_column(String(300), default="")
    ttn: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # The recipient's power of attorney, printed in the form's «По доверенности № … от … выданной …».
    proxy: Mapped[str] = mapped_column(String(100), default="", server_default="")
    proxy_holder: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # VAT invoice: «Способ отправления», the power of attorney's date, consignor and consignee.
    shipping_method: Mapped[str] = mapped_column(String(300), default="", server_default="")
    proxy_date: Mapped[dt.date | None] = mapped_column(Date)
    consignor: Mapped[str] = mapped_column(String(500), default="", server_default="")
    consignee: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # Act (form Р-1): «Сведения об использовании запасов, полученных от заказчика».
    stock_used: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # Signers from the actor catalogue; which ones a type uses is in portal.smart_docs.types.
    executor_actor_id: Mapped[int | None] = mapped_column(ForeignKey("sd_actors.id", ondelete="RESTRICT"), index=True)
    customer_actor_id: Mapped[int | None] = mapped_column(ForeignKey("sd_actors.id", ondelete="RESTRICT"), index=True)
    responsible_actor_id: Mapped[int | None] = mapped_column(ForeignKey("sd_actors.id", ondelete="RESTRICT"), index=True)
    head_actor_id: Mapped[int | None] = mapped_column(ForeignKey("sd_actors.id", ondelete="RESTRICT"), index=True)
    accountant_actor_id: Mapped[int | None] = mapped_column(ForeignKey("sd_actors.id", ondelete="RESTRICT"), index=True)

    company: Mapped[Company] = relationship(foreign_keys=lambda: [SmartDocument.company_id])
    counterparty: Mapped[Company] = relationship(foreign_keys=lambda: [SmartDocument.counterparty_id], lazy="joined")
    staff: Mapped[Staff | None] = relationship()
    beneficiary: Mapped[Beneficiary | None] = relationship()
    executor_actor: Mapped[Actor | None] = relationship(foreign_keys=lambda: [SmartDocument.executor_actor_id])
    customer_actor: Mapped[Actor | None] = relationship(foreign_keys=lambda: [SmartDocument.customer_actor_id])
    responsible_actor: Mapped[Actor | None] = relationship(foreign_keys=lambda: [SmartDocument.responsible_actor_id])
    head_actor: Mapped[Actor | None] = relationship(foreign_keys=lambda: [SmartDocument.head_actor_id])
    accountant_actor: Mapped[Actor | None] = relationship(foreign_keys=lambda: [SmartDocument.accountant_actor_id])
    # Lines are written with explicit inserts (to keep positions), so these are read-only views.
    product_lines: Mapped[list[ProductCount]] = relationship(
        secondary=document_product_lines, order_by=document_product_lines.c.position, viewonly=True
    )
    work_lines: Mapped[list[WorkCount]] = relationship(
        secondary=document_work_lines, order_by=document_work_lines.c.position, viewonly=True
    )
    waybill_lines: Mapped[list[WaybillProduct]] = relationship(
        secondary=document_waybill_lines, order_by=document_waybill_lines.c.position, viewonly=True
    )
