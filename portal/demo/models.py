"""How far the demo loader got: one row per part («companies»), written in the same
transaction as each batch, so a second run knows exactly what is already there."""
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db


class DemoProgress(db.Model):
    """Rows of one demo part loaded so far (companies 0 .. loaded-1 with their contacts)."""

    __tablename__ = "demo_progress"
    part: Mapped[str] = mapped_column(String(40), primary_key=True)
    loaded: Mapped[int] = mapped_column(Integer, default=0)
