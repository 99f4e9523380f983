"""Serializers for the article endpoints. Input serializers check the shape only; the
rules (what can be imported, dedupe, revisions) live in `sources.services`."""

from __future__ import annotations

from django.core.validators import ProhibitNullCharactersValidator
from rest_framework import serializers

from sources.models import Article, Outlet


class RawTextField(serializers.CharField):
    """Text taken as given: a NUL character is left for the import service to explain
    (it means a binary file was sent as text)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    def to_internal_value(self, data):
        # CharField would turn a number into its text: {"text": 1e400} became "inf".
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ArticleImportInput(serializers.Serializer):
    """One of `url` (fetched), `html` (with an optional `url` recorded, not fetched) or
    `text` (with a `title`), plus optional `published_at` and `outlet`."""

    url = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    html = RawTextField(required=False, allow_blank=True)
    text = RawTextField(required=False, allow_blank=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    outlet = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=253,
        help_text="The outlet's domain or name (it must exist).",
    )

    def validate(self, attrs: dict) -> dict:
        given = [name for name in ("html", "text") if name in attrs]
        if len(given) > 1:
            raise serializers.ValidationError("Give either 'html' or 'text', not both.")
        if not given and not attrs.get("url", "").strip():
            raise serializers.ValidationError(
                "Give one of 'url' (fetched), 'html' (with an optional 'url') or 'text'."
            )
        return attrs


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name", "domain"]


class ArticleListSerializer(serializers.ModelSerializer):
    # Not a `uri`: an article imported from pasted text (or HTML given without a link) has
    # no address, and its url is "".
    url = serializers.CharField(
        read_only=True,
        help_text="The canonical address (an http or https link), or empty for an article "
        "imported without one (pasted text, HTML or a file).",
    )
    outlet = OutletSerializer(
        read_only=True, allow_null=True, help_text="The publisher, if the import named one."
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "title",
            "byline",
            "outlet",
            "published_at",
            "language",
            "revision",
            "import_method",
            "near_duplicate_of",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ArticleSerializer(ArticleListSerializer):
    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields, "body", "content_hash"]
        read_only_fields = fields


class ArticleImportResult(ArticleSerializer):
    """The article an import answered with; `created` is false for an existing one."""

    created = serializers.SerializerMethodField()
    outcome = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "created", "outcome"]
        read_only_fields = fields

    def get_created(self, obj: Article) -> bool:
        return self.context["outcome"] == "imported"

    def get_outcome(self, obj: Article) -> str:
        """imported, existing (the same text or URL) or updated (a new revision)."""
        return self.context["outcome"]
