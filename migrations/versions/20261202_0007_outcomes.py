"""Outcomes: what became of the citizen at a placement's end and three and six months later.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 22:43:32

outcome has at most one row per (placement, checkpoint); checkpoint end, 3m or 6m; status one of ordinary_job,
education, flex_job, other_effort, none, unknown; the weekly hours of a job where there is one.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('outcome',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('placement_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('checkpoint', sa.Enum('end', '3m', '6m', name='outcome_checkpoint', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('status', sa.Enum('ordinary_job', 'education', 'flex_job', 'other_effort', 'none', 'unknown', name='outcome_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('observed_on', sa.Date(), nullable=False),
    sa.Column('ordinary_hours_per_week', sa.Numeric(precision=5, scale=2, asdecimal=False), nullable=True),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('recorded_by_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.CheckConstraint('ordinary_hours_per_week IS NULL OR (ordinary_hours_per_week >= 0 AND ordinary_hours_per_week <= 80)', name=op.f('ck_outcome_ordinary_hours_per_week_range')),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_outcome_placement_id_placement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_outcome_recorded_by_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome')),
    sa.UniqueConstraint('placement_id', 'checkpoint', name=op.f('uq_outcome_placement_id'))
    )


def downgrade() -> None:
    op.drop_table('outcome')
