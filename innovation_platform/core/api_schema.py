"""The OpenAPI schema tells the truth: besides what each view declares, every operation documents the errors it can
answer (DRF's shapes), and which operations anonymous callers may use."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why the request was refused, in the caller's language.")


# A refused request body or query: each field's messages (a list or nested field's by position or name),
# `detail` for the whole request, or a list of messages.
MESSAGES = build_array_type(build_basic_type(OpenApiTypes.STR))
VALIDATION_ERRORS = {
    "oneOf": [
        build_object_type(
            properties={"detail": build_basic_type(OpenApiTypes.STR)},
            additionalProperties={"oneOf": [MESSAGES, build_object_type(additionalProperties=True)]},
        ),
        MESSAGES,
    ]
}
ERRORS = {
    "401": OpenApiResponse(ErrorSerializer, description="The token is missing, unknown or the account inactive."),
    "403": OpenApiResponse(ErrorSerializer, description="The rules do not allow this caller to do this."),
    "404": OpenApiResponse(ErrorSerializer, description="No such object for this caller, or no such page."),
    "429": OpenApiResponse(ErrorSerializer, description="Too many requests: wait and retry."),
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        if self.method in ("POST", "PUT", "PATCH") or self._has_query_parameters():
            # Replaces a declared 400: views raise field errors as well as `detail`.
            responses["400"] = self._get_response_for_code(
                OpenApiResponse(VALIDATION_ERRORS, description="The request was refused; nothing was changed."),
                "400",
                direction=direction,
            )
        for code, response in ERRORS.items():
            if code == "404" and not (self._has_path_parameters() or self._is_paginated()):
                continue
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses

    def get_auth(self):
        """Operations a viewset lists in `anonymous_actions` may be called without a token: public reads whose
        objects' own rules decide what an anonymous caller sees."""
        auths = super().get_auth()
        if getattr(self.view, "action", None) in getattr(self.view, "anonymous_actions", ()) and {} not in auths:
            auths.append({})
        return auths

    def _has_query_parameters(self) -> bool:
        return any(parameter.get("in") == "query" for parameter in self._get_parameters())

    def _has_path_parameters(self) -> bool:
        return "{" in self.path

    def _is_paginated(self) -> bool:
        return self.method == "GET" and self._is_list_view() and getattr(self.view, "paginator", None) is not None
