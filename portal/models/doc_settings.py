"""A company's settings for its printed documents and what it knows about its counterparties.

`DocSettings` holds whether the company pays VAT, whether its prices include VAT (as 1C's
«Цены включают НДС») and its VAT registration certificate; `CounterpartyVat` the VAT
registration of a directory company as this tenant knows it (the directory is shared, so one
tenant's note never changes what another prints).
"""
import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import true

from portal.extensions import db
from portal.timeutil import now_utc


class DocSettings(db.Model):
    """One row per company; a company without a row uses the defaults (VAT payer, prices with VAT)."""

    __tablename__ = "sd_doc_settings"
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True)
    vat_payer: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    prices_include_vat: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    vat_series: Mapped[str] = mapped_column(String(20), default="", server_default="")
    vat_number: Mapped[str] = mapped_column(String(30), default="", server_default="")
    vat_date: Mapped[dt.date | None] = mapped_column(Date)
    updated: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc, onupdate=now_utc)


class CounterpartyVat(db.Model):
    """A counterparty's VAT registration certificate (серия, номер, дата) as one tenant records it."""

    __tablename__ = "sd_counterparty_vat"
    __table_args__ = (UniqueConstraint("company_id", "counterparty_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    counterparty_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    vat_series: Mapped[str] = mapped_column(String(20), default="", server_default="")
    vat_number: Mapped[str] = mapped_column(String(30), default="", server_default="")
    vat_date: Mapped[dt.date | None] = mapped_column(Date)
