"""The OpenAPI document's finishing touches (a drf-spectacular postprocessing hook).

- one `Error` component (its body `ErrorBody`), referenced by every error response (the
  views describe errors with `newsdesk.common.api.error_response`, which inlines
  ERROR_SCHEMA), so a generated client has one error model instead of one per response;
- every operation under the API takes an API key, so each documents 401 and 429; each
  that takes a body documents 415 (a Content-Type it does not parse);
- component names follow OpenAPI's rule (^[a-zA-Z0-9._-]+$): the JSON-LD enums of `@type`
  and `@context` become `JsonLdTypeEnum` and `JsonLdContextEnum`;
- every operation has a summary (SUMMARIES, else the first sentence of its description).

Tags and operation ids come from the path after /api/v1/ (SCHEMA_PATH_PREFIX).
"""

from __future__ import annotations

import re
from typing import Any

from newsdesk.common.api import ERROR_SCHEMA, KEY_ERRORS

VALID_NAME = re.compile(r"^[a-zA-Z0-9._-]+$")
ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_EXAMPLE = {
    "error": {
        "code": "not_found",
        "message": "There is no verified claim with this id.",
        "detail": {},
    }
}


# One line per operation: what it does, for whoever reads the documentation or a
# generated client.
SUMMARIES = {
    "articles_list": "List imported articles (staff)",
    "articles_create": "Import an article from a URL, pasted text or a file (editors)",
    "articles_retrieve": "Get one imported article (staff)",
    "claimreview_list": "All published fact-checks as a schema.org DataFeed of ClaimReviews",
    "claims_list": "List claims: verified claims for consumers, working claims for staff",
    "claims_create": "Annotate a claim in an article (editors)",
    "claims_retrieve": "Get one claim: its published verdict for consumers, the claim for staff",
    "claims_partial_update": "Edit a claim's statement, fact, rating or summary (editors)",
    "claims_approve_create": "Approve a claim in review: publish its verdict (reviewers)",
    "claims_citations_create": "Cite a source for a claim (editors)",
    "claims_claimreview_retrieve": "Get a published fact-check as schema.org ClaimReview",
    "claims_reopen_create": "Reopen a verified claim for a correction (editors)",
    "claims_request_changes_create": "Send a claim in review back to its editor (reviewers)",
    "claims_retract_create": "Retract a published fact-check (reviewers)",
    "claims_same_fact_create": "Say whether another claim states the same fact (editors)",
    "claims_submit_create": "Submit a draft for review (editors)",
    "conflicts_list": "List conflicts between claims (staff)",
    "conflicts_retrieve": "Get one conflict between claims (staff)",
}
ERROR_COMPONENTS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"$ref": "#/components/schemas/ErrorBody"}},
        "description": "Every error answer has this shape.",
        "example": ERROR_EXAMPLE,
    },
    "ErrorBody": {
        "type": "object",
        "required": ["code", "message", "detail"],
        "properties": {
            "code": {"type": "string", "description": "Stable, for programs: not_found..."},
            "message": {"type": "string", "description": "For people"},
            "detail": {
                "description": "An object naming the fields or parameters at fault "
                "(empty when there is nothing more to say)",
            },
        },
    },
}


def _component_name(name: str) -> str:
    if VALID_NAME.match(name):
        return name
    words = re.findall(r"[A-Za-z0-9]+", name)
    return "JsonLd" + "".join(w[:1].upper() + w[1:] for w in words)


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name in renames:
                node["$ref"] = f"#/components/schemas/{renames[name]}"
        for value in node.values():
            _rename_refs(value, renames)
    elif isinstance(node, list):
        for value in node:
            _rename_refs(value, renames)
    return node


def _summary(description: str) -> str:
    first = description.strip().split("\n\n", 1)[0].replace("\n", " ")
    sentence = re.split(r"(?<=[.:;])\s", first, maxsplit=1)[0].rstrip(".:;")
    return sentence[:120]


def postprocess(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    renames = {name: _component_name(name) for name in schemas if not VALID_NAME.match(name)}
    for old, new in renames.items():
        schemas[new] = schemas.pop(old)
    _rename_refs(result, renames)

    schemas.update(ERROR_COMPONENTS)
    key_errors = {str(code): response for code, response in KEY_ERRORS.items()}
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            if path.startswith("/api/") and "requestBody" in operation:
                responses.setdefault(
                    "415",
                    {
                        "description": "The body's Content-Type is not one the operation takes",
                        "content": {"application/json": {"schema": dict(ERROR_REF)}},
                    },
                )
            if path.startswith("/api/"):
                for code, response in key_errors.items():
                    responses.setdefault(
                        code,
                        {
                            "description": response.description,
                            "content": {"application/json": {"schema": dict(ERROR_REF)}},
                        },
                    )
            for code, response in responses.items():
                if not code.isdigit() or int(code) < 400:
                    continue
                content = response.get("content") or {}
                if "application/json" in content:  # errors are always JSON, never JSON-LD
                    response["content"] = content = {
                        "application/json": content["application/json"]
                    }
                for media in content.values():
                    if media.get("schema") == ERROR_SCHEMA:
                        media["schema"] = dict(ERROR_REF)
            if operation.get("operationId") in SUMMARIES:
                operation["summary"] = SUMMARIES[operation["operationId"]]
            elif not operation.get("summary") and operation.get("description"):
                operation["summary"] = _summary(operation["description"])
    return result
