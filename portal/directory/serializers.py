"""JSON shapes of the Clients API, key for key as the seed shows them."""
from portal.models import (
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
    Staff,
    SubSection,
)
from portal.timeutil import iso


def section_json(obj: Section) -> dict:
    """A section: `id`, `section`."""
    return {"id": obj.public_id, "section": obj.section}


def sub_section_json(obj: SubSection) -> dict:
    """A sub-section with its section's name (not id), as the seed shows it."""
    return {"id": obj.public_id, "sub_section": obj.sub_section, "section": obj.section.section}


def rubric_json(obj: Rubric) -> dict:
    """A rubric with its sub-section's name."""
    return {"id": obj.public_id, "rubric": obj.rubric, "sub_section": obj.sub_section.sub_section}


def region_json(obj: Region) -> dict:
    """A region: `id`, `region`."""
    return {"id": obj.public_id, "region": obj.region}


def locality_json(obj: Locality) -> dict:
    """A locality: `id`, `locality`."""
    return {"id": obj.public_id, "locality": obj.locality}


def district_json(obj: District) -> dict:
    """A district: `id`, `district`."""
    return {"id": obj.public_id, "district": obj.district}


def type_json(obj: CompanyType) -> dict:
    """A company type: `id`, `type`."""
    return {"id": obj.public_id, "type": obj.type}


def krp_json(obj: KrpName) -> dict:
    """A KRP size class: `id`, `krp_name`."""
    return {"id": obj.public_id, "krp_name": obj.krp_name}


def email_json(obj: Email) -> dict:
    """An e-mail with its company's BIN, public id and names."""
    company = obj.company
    return {
        "id": obj.public_id,
        "email": obj.email,
        "clients_bin": company.bin,
        "company_id": company.public_id,
        "company_name": company.company_name,
        "alternative_name": company.alternative_name,
    }


def phone_json(obj: PhoneNumber) -> dict:
    """A phone number with its company's name as `client`."""
    return {"id": obj.public_id, "phone_number": obj.phone_number, "client": obj.company.company_name}


def _public_id(obj) -> str | None:
    """The public id of a related object, or None."""
    return obj.public_id if obj is not None else None


def company_json(obj: Company) -> dict:
    """The seed's client object, with its public `id` first so integrators can retrieve it."""
    return {
        "id": obj.public_id,
        "director": obj.director,
        "bin": obj.bin,
        "company_name": obj.company_name,
        "alternative_name": obj.alternative_name,
        "company_name_ex": obj.company_name_ex,
        "company_name_search": obj.company_name_search,
        "registration_date": iso(obj.registration_date),
        "oked": obj.oked,
        "description": obj.description,
        "secondary_oked": obj.secondary_oked,
        "krp_code": obj.krp_code,
        "kato": obj.kato,
        "address": obj.address,
        "index_ex": obj.index_ex,
        "address_ex": obj.address_ex,
        "comment_to_adress_ex": obj.comment_to_adress_ex,
        "subway_or_bus_ex": obj.subway_or_bus_ex,
        "web_site_ex": obj.web_site_ex,
        "vk_ex": obj.vk_ex,
        "twitter_ex": obj.twitter_ex,
        "facebook_ex": obj.facebook_ex,
        "instagram_ex": obj.instagram_ex,
        "seal_image": obj.seal_image,
        "updated": iso(obj.updated),
        "krp_name": _public_id(obj.krp),
        "region_ex": _public_id(obj.region),
        "locality_ex": _public_id(obj.locality),
        "district_ex": _public_id(obj.district),
    }


def staff_json(obj: Staff) -> dict:
    """A position: the user's public id, the role, the work phone."""
    return {"user": obj.user.public_id, "role": obj.role, "phone_number": obj.phone_number}


def user_company_json(staff: Staff) -> dict:
    """The caller's position and company (`get_user_company`)."""
    return {"user": staff_json(staff), "company": company_json(staff.company)}
