"""The second conversation: the items asked, the agreed score and what it takes per factor, remarks; and named
selections of question items per target group.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 14:01:45

The seed's second conversation has citizen and consultant pick the factors with the biggest barriers, agree the
score and note remarks. assessment_conversation holds, per assessment recorded that way, the chosen items (JSON list
of question keys) and the remarks; assessment_agreement holds per answered factor the agreed score (1–5) and what it
would take for the citizen to move. question_selection is a jobcenter's named selection of items for a target group
(the group's key from the configured list). Assessments already stored have no rows here: they asked every item.

The downgrade drops the three new tables; the assessments and their answers stay.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types


# revision identifiers, used by Alembic.
revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('question_selection',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('target_group', sa.String(length=100), nullable=False),
    sa.Column('item_keys', sa.JSON(), nullable=False),
    sa.Column('created_by_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_question_selection_created_by_id_user_account'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_selection')),
    sa.UniqueConstraint('target_group', 'name', name=op.f('uq_question_selection_target_group'))
    )
    op.create_table('assessment_agreement',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('assessment_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('factor', sa.String(length=1), nullable=False),
    sa.Column('agreed_score', sa.Integer(), nullable=True),
    sa.Column('what_it_takes', sa.Text(), server_default='', nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.CheckConstraint('agreed_score IS NULL OR agreed_score BETWEEN 1 AND 5', name=op.f('ck_assessment_agreement_agreed_score_1_to_5')),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_assessment_agreement_assessment_id_assessment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_agreement')),
    sa.UniqueConstraint('assessment_id', 'factor', name=op.f('uq_assessment_agreement_assessment_id'))
    )
    op.create_table('assessment_conversation',
    sa.Column('id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('assessment_id', advanced_alchemy.types.guid.GUID(length=16), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('remarks', sa.Text(), server_default='', nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_assessment_conversation_assessment_id_assessment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_conversation')),
    sa.UniqueConstraint('assessment_id', name=op.f('uq_assessment_conversation_assessment_id'))
    )


def downgrade() -> None:
    op.drop_table('assessment_conversation')
    op.drop_table('assessment_agreement')
    op.drop_table('question_selection')
