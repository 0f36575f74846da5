"""The metadata that models and migrations share, with advanced-alchemy's naming convention for constraints."""

from advanced_alchemy.base import orm_registry

from placement.db import models  # noqa: F401  (registers every table on the metadata)

metadata = orm_registry.metadata
