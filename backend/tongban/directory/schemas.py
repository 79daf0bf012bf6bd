"""The directory's API contract."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate


class RegionArgs(Schema):
    region = fields.String(validate=validate.Regexp(r"^\d{6}$", error=_l("A region code has 6 digits.")),
                           metadata={"description": "Only items in this region (GB/T 2260 code)"})


class RegionSchema(Schema):
    code = fields.String(metadata={"description": "GB/T 2260 administrative division code"})
    name = fields.String(metadata={"description": "Name of the region"})
    level = fields.String(metadata={"description": "province, city or county"})
    parent_code = fields.String(allow_none=True, metadata={"description": "Code of the enclosing region"})
    role = fields.String(metadata={"description": "home-province, home-city, home, partner or yrd"})


class DepartmentSchema(Schema):
    code = fields.String(metadata={"description": "Department code"})
    name = fields.String(metadata={"description": "Department name"})
    region_code = fields.String(metadata={"description": "Region the department belongs to"})
    demo = fields.Boolean(metadata={"description": "True for demo data"})


class WindowSchema(Schema):
    code = fields.String(metadata={"description": "Window code"})
    name = fields.String(metadata={"description": "Window name, e.g. 跨省通办专窗"})
    kind = fields.String(metadata={"description": "kstb, citywide, general, enterprise or help"})


class CentreSchema(Schema):
    code = fields.String(metadata={"description": "Service centre code"})
    name = fields.String(metadata={"description": "Service centre name"})
    level = fields.String(metadata={"description": "city, county or town"})
    region_code = fields.String(metadata={"description": "Region of the centre"})
    address = fields.String(metadata={"description": "Street address"})
    hours = fields.String(metadata={"description": "Opening hours"})
    phone = fields.String(metadata={"description": "Telephone"})
    demo = fields.Boolean(metadata={"description": "True for demo data"})
    windows = fields.List(fields.Nested(WindowSchema), metadata={"description": "Service windows"})


class AgencyPointSchema(Schema):
    code = fields.String(metadata={"description": "Agency point code"})
    name = fields.String(metadata={"description": "Agency point name"})
    kind = fields.String(metadata={"description": "village or park"})
    region_code = fields.String(metadata={"description": "Region of the point"})
    address = fields.String(metadata={"description": "Street address"})
    demo = fields.Boolean(metadata={"description": "True for demo data"})


def items_of(schema: type[Schema]) -> type[Schema]:
    """A {"items": [...]} envelope for list endpoints."""
    return Schema.from_dict({"items": fields.List(fields.Nested(schema), metadata={"description": "Items"})},
                            name=f"{schema.__name__.removesuffix('Schema')}List")
