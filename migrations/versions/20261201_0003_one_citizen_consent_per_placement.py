"""One citizen account per citizen, and health consent per placement.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 23:50:00

citizen.user_id ties a citizen account to its Citizen row, at most once; a citizen reaches that citizen's placements
through it, so placement_member keeps company contacts and mentors only. Existing citizen members are moved: each
citizen gets the account that joined one of its placements first, unless that account is already another
citizen's; every other citizen membership was the defect this revision closes (a second "citizen" seeing the real
citizen's data) and is removed.

Existing consent rows are dropped, not moved: they named a citizen, not the placement whose company contact and
mentor they were given to, so no row can honestly be said to cover one placement. Company and mentor stop seeing
B answers until the citizen gives consent again for the placement at hand; the audit trail keeps the history.
Downgrading drops the per-placement consents for the same reason.

The PDF cache is emptied: PDFs rendered before this revision may carry what company and mentor no longer see
(decision reasons, B answers under a consent given for another placement), and their keys would still match.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

GUID = advanced_alchemy.types.guid.GUID(length=16)
UTC = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def _tie_citizen_accounts() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT p.citizen_id, m.user_id FROM placement_member m JOIN placement p ON p.id = m.placement_id "
        "WHERE m.role = 'citizen' ORDER BY m.created_at, m.id"
    )).all()
    tied: dict[object, object] = {}
    taken: set[object] = set()
    for citizen_id, user_id in rows:
        if citizen_id not in tied and user_id not in taken:
            tied[citizen_id] = user_id
            taken.add(user_id)
    for citizen_id, user_id in tied.items():
        bind.execute(sa.text("UPDATE citizen SET user_id = :user_id WHERE id = :citizen_id"),
                     {"user_id": user_id, "citizen_id": citizen_id})
    bind.execute(sa.text("DELETE FROM placement_member WHERE role = 'citizen'"))


def upgrade() -> None:
    # A plain ADD COLUMN and a unique index, not a batch copy of the table: SQLite would have to drop the citizen
    # table to copy it, which placements' foreign keys refuse once there is data.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('ALTER TABLE citizen ADD COLUMN user_id BINARY(16) CONSTRAINT fk_citizen_user_id_user_account '
                   'REFERENCES user_account (id)')
    else:
        op.add_column('citizen', sa.Column('user_id', GUID, nullable=True))
        op.create_foreign_key(op.f('fk_citizen_user_id_user_account'), 'citizen', 'user_account', ['user_id'], ['id'])
    op.create_index('ix_citizen_user_id', 'citizen', ['user_id'], unique=True)
    _tie_citizen_accounts()
    op.execute("DELETE FROM report_cache")

    op.drop_table('consent')
    op.create_table('consent',
    sa.Column('id', GUID, nullable=False),
    sa.Column('placement_id', GUID, nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('given_at', UTC, nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('method', sa.Enum('service', 'paper', 'in_person', name='consent_method', native_enum=False,
                                create_constraint=True, length=20), nullable=False),
    sa.Column('withdrawn_at', UTC, nullable=True),
    sa.Column('recorded_by_id', GUID, nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('updated_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_consent_placement_id_placement'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_consent_recorded_by_id_user_account'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index('ix_consent_placement_kind', ['placement_id', 'kind', 'given_at'], unique=False)


def downgrade() -> None:
    op.drop_table('consent')
    op.create_table('consent',
    sa.Column('id', GUID, nullable=False),
    sa.Column('citizen_id', GUID, nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('given_at', UTC, nullable=False),
    sa.Column('withdrawn_at', UTC, nullable=True),
    sa.Column('recorded_by_id', GUID, nullable=False),
    sa.Column('sa_orm_sentinel', sa.Integer(), nullable=True),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('updated_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], name=op.f('fk_consent_citizen_id_citizen'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_consent_recorded_by_id_user_account'),
                            ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index('ix_consent_citizen_kind', ['citizen_id', 'kind', 'given_at'], unique=False)

    # The citizen account reaches its placements through a membership again; the placement's id serves as the
    # membership's id (unique, and neither engine shares a UUID function with the other).
    op.execute(
        "INSERT INTO placement_member (id, placement_id, user_id, role, created_at, updated_at) "
        "SELECT p.id, p.id, c.user_id, 'citizen', p.created_at, p.updated_at "
        "FROM placement p JOIN citizen c ON c.id = p.citizen_id WHERE c.user_id IS NOT NULL"
    )
    op.drop_index('ix_citizen_user_id', table_name='citizen')
    # SQLite copies the table to drop the column; with placements present, run this downgrade with foreign keys off.
    # Dropping the column drops its foreign key with it, on both engines.
    with op.batch_alter_table('citizen', schema=None) as batch_op:
        batch_op.drop_column('user_id')
