"""The lease of periodic passes (the weekly reminders).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 20:40:00

lease has one row per pass: the process that holds it (holder) and until when (expires_at). A process takes it by a
conditional write, so that several workers with the in-process schedule do not run the reminder pass at the same
time. That each reminder goes once is the outbox's unique dedupe_key (reminder:<user>:<placement>:<week>).
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types


# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def upgrade() -> None:
    op.create_table(
        "lease",
        sa.Column("id", GUID, nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lease")),
        sa.UniqueConstraint("name", name=op.f("uq_lease_name")),
    )


def downgrade() -> None:
    op.drop_table("lease")
