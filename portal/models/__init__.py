"""All models, imported so that Alembic and the app see the whole schema."""
from portal.models.accounts import ROLE_DIRECTOR, ROLE_WORKER, ROLES, ApiToken, Staff, User
from portal.models.base import PublicIdMixin, free_public_ids, new_public_id
from portal.models.directory import (
    Company,
    CompanyType,
    District,
    Email,
    KrpName,
    Locality,
    PhoneNumber,
    Region,
    Rubric,
    Section,
    SubSection,
    company_rubrics,
    company_types,
)
