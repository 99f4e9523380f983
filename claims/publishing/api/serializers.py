"""Serializers for the staff claim endpoints. Input serializers validate shape only;
the rules live in `claims.services`."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.conflicts.selectors import fact_relations
from claims.facts.selectors import same_fact_candidates
from claims.models import Citation, Claim, Entity, Hedge, Measure, Rating, Stance
from claims.services import FACT_INPUT_FIELDS
from sources.models import Article, SourceKind


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            },
            {"type": "integer"},
            {"type": "string"},
        ],
        "nullable": True,
    }
)
class EntityField(serializers.RelatedField):
    """An entity given by id or by canonical name; shown as {id, name}."""

    def get_queryset(self):
        return Entity.objects.all()

    def to_representation(self, value: Entity) -> dict:
        return {"id": value.pk, "name": value.name}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int) or (isinstance(data, str) and data.isdigit()):
            found = Entity.objects.filter(pk=int(data)).first()
        elif isinstance(data, str):
            found = Entity.objects.filter(name__iexact=data.strip()).first()
        else:
            found = None
        if found is None:
            raise serializers.ValidationError(f"Unknown entity {data!r}.")
        return found

    default_error_messages = {"invalid": "Give an entity id or name."}


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "slug": {"type": "string"},
                },
            },
            {"type": "integer"},
            {"type": "string"},
        ],
        "nullable": True,
    }
)
class MeasureField(serializers.RelatedField):
    """A measure given by id, slug or name; shown as {id, name, slug}."""

    default_error_messages = {"invalid": "Give a measure id, slug or name."}

    def get_queryset(self):
        return Measure.objects.all()

    def to_representation(self, value: Measure) -> dict:
        return {"id": value.pk, "name": value.name, "slug": value.slug}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        if isinstance(data, int) or (isinstance(data, str) and data.isdigit()):
            found = Measure.objects.filter(pk=int(data)).first()
        elif isinstance(data, str):
            value = data.strip()
            found = (
                Measure.objects.filter(slug=value).first()
                or Measure.objects.filter(name__iexact=value).first()
            )
        else:
            found = None
        if found is None:
            raise serializers.ValidationError(f"Unknown measure {data!r}.")
        return found


class CitationSerializer(serializers.ModelSerializer):
    source = serializers.SerializerMethodField()

    class Meta:
        model = Citation
        fields = ["id", "source", "stance", "quote", "locator", "added_by", "created_at"]

    def get_source(self, citation: Citation) -> dict:
        source = citation.source
        return {
            "id": source.pk,
            "title": source.title,
            "url": source.url or (source.article.url if source.article_id else ""),
            "publisher": source.publisher,
            "kind": source.kind,
            "article": source.article_id,
        }


class ClaimSerializer(serializers.ModelSerializer):
    """The working claim, as staff see it."""

    entity = EntityField(allow_null=True, required=False)
    measure = MeasureField(allow_null=True, required=False)
    citations = CitationSerializer(many=True, read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    # Declared so the schema says these may be blank (a draft has no rating yet).
    hedge = serializers.ChoiceField(Hedge.choices, allow_blank=True, read_only=True)
    event_granularity = serializers.ChoiceField(
        Claim.Granularity.choices, allow_blank=True, read_only=True
    )
    rating = serializers.ChoiceField(Rating.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "start",
            "end",
            "exact",
            "prefix",
            "suffix",
            "anchor_state",
            "statement",
            "claimant",
            *FACT_INPUT_FIELDS,
            "status",
            "rating",
            "summary",
            "author",
            "version",
            "citations",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    """One working claim, with the claims that state the same fact: compatibly
    (`corroborations`), incompatibly (`conflicts`, open ones), or maybe (`same_fact_proposals`,
    for an editor to link or not)."""

    corroborations = serializers.SerializerMethodField()
    conflicts = serializers.SerializerMethodField()
    same_fact_proposals = serializers.SerializerMethodField()

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields,
            "corroborations",
            "conflicts",
            "same_fact_proposals",
        ]
        read_only_fields = fields

    def _relations(self, claim: Claim) -> dict[str, list[int]]:
        if not hasattr(self, "_cached_relations"):
            self._cached_relations = fact_relations(claim)
        return self._cached_relations

    def get_corroborations(self, claim: Claim) -> list[int]:
        return self._relations(claim)["corroborations"]

    def get_conflicts(self, claim: Claim) -> list[int]:
        return self._relations(claim)["conflicts"]

    def get_same_fact_proposals(self, claim: Claim) -> list[int]:
        return [other.pk for other in same_fact_candidates(claim)]


class SameFactInput(serializers.Serializer):
    other = serializers.IntegerField(min_value=1, help_text="The other claim's id")
    same = serializers.BooleanField(help_text="The same fact (true) or not the same (false)")


class _FactInput(serializers.Serializer):
    entity = EntityField(allow_null=True, required=False)
    locality = serializers.CharField(max_length=200, required=False, allow_blank=True)
    measure = MeasureField(allow_null=True, required=False)
    event = serializers.CharField(max_length=40, required=False, allow_blank=True)
    value_low = serializers.FloatField(required=False, allow_null=True)
    value_high = serializers.FloatField(required=False, allow_null=True)
    unit = serializers.CharField(max_length=16, required=False, allow_blank=True)
    hedge = serializers.ChoiceField(Hedge.choices, required=False, allow_blank=True)
    event_start = serializers.DateField(required=False, allow_null=True)
    event_end = serializers.DateField(required=False, allow_null=True)
    event_granularity = serializers.ChoiceField(
        Claim.Granularity.choices, required=False, allow_blank=True
    )
    scope_start = serializers.DateField(required=False, allow_null=True)
    scope_end = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        for name in ("value_low", "value_high"):
            value = attrs.get(name)
            if value is not None and value != value:  # NaN
                raise serializers.ValidationError({name: "Not a number."})
            if value is not None and abs(value) == float("inf"):
                raise serializers.ValidationError({name: "Use null for an unbounded side."})
        return attrs


class ClaimCreateInput(_FactInput):
    article = serializers.PrimaryKeyRelatedField(queryset=Article.objects.all())
    start = serializers.IntegerField(min_value=0, required=False)
    end = serializers.IntegerField(min_value=1, required=False)
    quote = serializers.CharField(required=False, trim_whitespace=False, max_length=5000)
    occurrence = serializers.IntegerField(min_value=1, default=1)
    statement = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    claimant = serializers.CharField(required=False, allow_blank=True, max_length=300)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        has_span = "start" in attrs and "end" in attrs
        if not has_span and not attrs.get("quote"):
            raise serializers.ValidationError("Give start and end, or the quote.")
        if ("start" in attrs) != ("end" in attrs):
            raise serializers.ValidationError("Give both start and end.")
        return attrs


class ClaimUpdateInput(_FactInput):
    version = serializers.IntegerField(min_value=1)
    statement = serializers.CharField(required=False, max_length=5000)
    claimant = serializers.CharField(required=False, allow_blank=True, max_length=300)
    rating = serializers.ChoiceField(Rating.choices, required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class ApproveInput(VersionInput):
    override_conflicts = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Approve although the claim has an unresolved high-severity conflict.",
    )


class CommentInput(VersionInput):
    comment = serializers.CharField(max_length=5000)


class OptionalCommentInput(VersionInput):
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ReasonInput(VersionInput):
    reason = serializers.CharField(max_length=5000)


class CitationInput(serializers.Serializer):
    stance = serializers.ChoiceField(Stance.choices)
    source = serializers.IntegerField(required=False, min_value=1)
    article = serializers.IntegerField(required=False, min_value=1)
    url = serializers.URLField(required=False, max_length=2000)
    title = serializers.CharField(required=False, max_length=500)
    publisher = serializers.CharField(required=False, allow_blank=True, max_length=200)
    kind = serializers.ChoiceField(SourceKind.choices, required=False, default="other")
    quote = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    locator = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate(self, attrs):
        given = [k for k in ("source", "article", "url") if attrs.get(k)]
        if not given and not attrs.get("title"):
            raise serializers.ValidationError(
                "Give a source id, an article id, or a reference's url and title."
            )
        if len(given) > 1:
            raise serializers.ValidationError("Give one of source, article or url.")
        return attrs
