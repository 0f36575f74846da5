"""The citizen's own weekly rating of their sub-goals, apart from the observers' weekly log.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 14:01:14

self_rating has at most one row per (placement, ISO week), written by the placement's citizen, with an optional
note; self_subgoal_rating holds its 1-5 rating of each sub-goal (at most one per sub-goal), with an optional note.
Both are new tables, so the downgrade drops them and touches nothing else.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types


# revision identifiers, used by Alembic.
revision: str = '0012'
down_revision: Union[str, Sequence[str], None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('self_rating',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('placement_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('author_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_self_rating_author_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_self_rating_placement_id_placement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_rating')),
    sa.UniqueConstraint('placement_id', 'week', name=op.f('uq_self_rating_placement_id'))
    )
    op.create_table('self_subgoal_rating',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('self_rating_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('subgoal_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), server_default='', nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_self_subgoal_rating_rating_1_to_5')),
    sa.ForeignKeyConstraint(['self_rating_id'], ['self_rating.id'], name=op.f('fk_self_subgoal_rating_self_rating_id_self_rating'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subgoal_id'], ['subgoal.id'], name=op.f('fk_self_subgoal_rating_subgoal_id_subgoal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_self_subgoal_rating')),
    sa.UniqueConstraint('self_rating_id', 'subgoal_id', name=op.f('uq_self_subgoal_rating_self_rating_id'))
    )
    with op.batch_alter_table('self_subgoal_rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_self_subgoal_rating_subgoal_id'), ['subgoal_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('self_subgoal_rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_self_subgoal_rating_subgoal_id'))

    op.drop_table('self_subgoal_rating')
    op.drop_table('self_rating')
