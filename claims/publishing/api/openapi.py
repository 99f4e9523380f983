"""OpenAPI hook: the schema.org components the ClaimReview responses refer to."""

from __future__ import annotations

import copy
from typing import Any

from claims.publishing.claimreview import SCHEMA_COMPONENTS


def add_schema_org_components(result: dict[str, Any], generator, request, public) -> dict:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(copy.deepcopy(SCHEMA_COMPONENTS))
    return result
