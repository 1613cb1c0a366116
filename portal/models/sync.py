"""What a sync needs that the rows themselves cannot say: which smart-doc objects were deleted."""
import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.timeutil import now_utc


class Tombstone(db.Model):
    """A deleted smart-doc object: its list (`kind`: the path under /smart_doc/), its public id
    and when it went (`updated`, so `?updated_after=` reads it as every other list)."""

    __tablename__ = "sd_tombstones"
    __table_args__ = (Index("ix_sd_tombstones_company_updated", "company_id", "updated", "id"),
                      # Housekeeping forgets the old ones across companies by it.
                      Index("ix_sd_tombstones_updated", "updated"))
    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    public_id: Mapped[str] = mapped_column(String(8))
    updated: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now_utc)
