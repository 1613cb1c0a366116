"""The company directory: classifiers, companies and their contacts."""
from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, String, Table, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.directory.text import search_key
from portal.extensions import db
from portal.models.base import PublicIdMixin
from portal.timeutil import now_utc

# Each link table has its primary key (company → its rubrics) and the reverse index, which
# covers both columns: a rubric/section filter reads the companies straight from the index.
company_rubrics = Table(
    "company_rubrics",
    db.metadata,
    Column("company_id", ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True),
    Column("rubric_id", ForeignKey("rubrics.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_company_rubrics_rubric_company", "rubric_id", "company_id"),
)

company_types = Table(
    "company_types",
    db.metadata,
    Column("company_id", ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True),
    Column("type_id", ForeignKey("types.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_company_types_type_company", "type_id", "company_id"),
)


class Section(PublicIdMixin, db.Model):
    """Top level of the directory (18 of them: «Автосервис», «B2B-услуги», ...)."""

    __tablename__ = "sections"
    section: Mapped[str] = mapped_column(String(200), unique=True)
    sub_sections: Mapped[list["SubSection"]] = relationship(back_populates="section")


class SubSection(PublicIdMixin, db.Model):
    """Second level of the directory."""

    __tablename__ = "sub_sections"
    sub_section: Mapped[str] = mapped_column(String(200))
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id"), index=True)
    section: Mapped[Section] = relationship(back_populates="sub_sections")
    rubrics: Mapped[list["Rubric"]] = relationship(back_populates="sub_section")


class Rubric(PublicIdMixin, db.Model):
    """Third level of the directory; companies belong to rubrics."""

    __tablename__ = "rubrics"
    rubric: Mapped[str] = mapped_column(String(200))
    sub_section_id: Mapped[int] = mapped_column(ForeignKey("sub_sections.id"), index=True)
    sub_section: Mapped[SubSection] = relationship(back_populates="rubrics")


class Region(PublicIdMixin, db.Model):
    """An oblast (the seed has one: «Алматинская область»)."""

    __tablename__ = "regions"
    region: Mapped[str] = mapped_column(String(200), unique=True)


class Locality(PublicIdMixin, db.Model):
    """A city or village, with the KATO code and address prefix its companies use."""

    __tablename__ = "localities"
    locality: Mapped[str] = mapped_column(String(200))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    kato: Mapped[str | None] = mapped_column(String(9))
    region: Mapped[Region | None] = relationship()


class District(PublicIdMixin, db.Model):
    """A district or micro-district of a locality."""

    __tablename__ = "districts"
    district: Mapped[str] = mapped_column(String(200))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"), index=True)
    kato: Mapped[str | None] = mapped_column(String(9))
    locality: Mapped[Locality | None] = relationship()


class CompanyType(PublicIdMixin, db.Model):
    """A kind of company as the city directory names it («таможенный брокер», ...)."""

    __tablename__ = "types"
    type: Mapped[str] = mapped_column(String(200), unique=True)


class KrpName(PublicIdMixin, db.Model):
    """A KRP size class by head count (14 official codes)."""

    __tablename__ = "krp_names"
    code: Mapped[str] = mapped_column(String(3), unique=True)
    krp_name: Mapped[str] = mapped_column(String(200))


class Company(PublicIdMixin, db.Model):
    """A company of the directory, with every field of the seed's `/clients/clients/`."""

    __tablename__ = "companies"
    __table_args__ = (Index("ix_companies_updated_id", "updated", "id"),)
    director: Mapped[str | None] = mapped_column(String(300))
    bin: Mapped[str] = mapped_column(String(12), unique=True)
    company_name: Mapped[str] = mapped_column(String(500))
    alternative_name: Mapped[str | None] = mapped_column(String(500))
    company_name_ex: Mapped[str | None] = mapped_column(String(500))
    # The names' words as the search reads them (portal.directory.text.search_key), kept by
    # _keep_search_key below; the index (migration 0002_search) serves exact-name matches.
    company_name_search: Mapped[str | None] = mapped_column(String(500), index=True)
    registration_date: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    oked: Mapped[str | None] = mapped_column(String(5), index=True)
    description: Mapped[str | None] = mapped_column(String(500))
    secondary_oked: Mapped[str | None] = mapped_column(String(200))
    krp_code: Mapped[str | None] = mapped_column(String(3))
    kato: Mapped[str | None] = mapped_column(String(9))
    address: Mapped[str | None] = mapped_column(String(500))
    index_ex: Mapped[str | None] = mapped_column(String(10))
    address_ex: Mapped[str | None] = mapped_column(String(500))
    comment_to_adress_ex: Mapped[str | None] = mapped_column(String(500))
    subway_or_bus_ex: Mapped[str | None] = mapped_column(String(300))
    web_site_ex: Mapped[str | None] = mapped_column(String(300))
    vk_ex: Mapped[str | None] = mapped_column(String(300))
    twitter_ex: Mapped[str | None] = mapped_column(String(300))
    facebook_ex: Mapped[str | None] = mapped_column(String(300))
    instagram_ex: Mapped[str | None] = mapped_column(String(300))
    seal_image: Mapped[str | None] = mapped_column(String(300))
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now_utc, onupdate=now_utc)
    krp_id: Mapped[int | None] = mapped_column(ForeignKey("krp_names.id"), index=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    # The company's rubric/sub-section/section/type ids as words of the search index, kept by
    # triggers on the link tables (migration 0103_search_links); the application never writes it.
    link_terms: Mapped[str] = mapped_column(Text, default="", server_default="")

    krp: Mapped[KrpName | None] = relationship(lazy="joined")
    region: Mapped[Region | None] = relationship(lazy="joined")
    locality: Mapped[Locality | None] = relationship(lazy="joined")
    district: Mapped[District | None] = relationship(lazy="joined")
    rubrics: Mapped[list[Rubric]] = relationship(secondary=company_rubrics)
    types: Mapped[list[CompanyType]] = relationship(secondary=company_types)
    emails: Mapped[list["Email"]] = relationship(back_populates="company", cascade="all, delete-orphan")
    phone_numbers: Mapped[list["PhoneNumber"]] = relationship(
        back_populates="company", cascade="all, delete-orphan"
    )


@event.listens_for(Company, "before_insert")
@event.listens_for(Company, "before_update")
def _keep_search_key(mapper, connection, company: Company) -> None:
    """ORM writes keep the stored key in step with the names (the FTS triggers then follow)."""
    company.company_name_search = search_key(company.company_name, company.alternative_name, company.company_name_ex)


class Email(PublicIdMixin, db.Model):
    """An e-mail address of a company."""

    __tablename__ = "emails"
    __table_args__ = (Index("ix_emails_updated_id", "updated", "id"),)
    email: Mapped[str] = mapped_column(String(300))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    # When the row last changed (a sync's `updated_after`); rows from before migration 0190
    # carry the migration's time.
    updated: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=now_utc, onupdate=now_utc)
    company: Mapped[Company] = relationship(back_populates="emails", lazy="joined")


class PhoneNumber(PublicIdMixin, db.Model):
    """A phone number of a company, formatted `+7(7xx)xxx-xx-xx`."""

    __tablename__ = "phone_numbers"
    __table_args__ = (Index("ix_phone_numbers_updated_id", "updated", "id"),)
    phone_number: Mapped[str] = mapped_column(String(32))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    # When the row last changed (a sync's `updated_after`); rows from before migration 0190
    # carry the migration's time.
    updated: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=now_utc, onupdate=now_utc)
    company: Mapped[Company] = relationship(back_populates="phone_numbers", lazy="joined")


class DirectoryVersion(db.Model):
    """One row whose `version` every write to the directory's tables bumps (database triggers,
    migration 0193), so a cached answer built from version n is never served once data changed."""

    __tablename__ = "directory_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
