"""Where information comes from: outlets, imported articles, citable sources, feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from newsdesk.common.models import TimeStampedModel, choices_constraint
from sources.fields import CompressedTextField


class Outlet(TimeStampedModel):
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, unique=True, help_text="e.g. thejournal.ie")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    language = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def for_outlet(self, outlet: Outlet) -> ArticleQuerySet:
        return self.filter(outlet=outlet)


class ImportMethod(models.TextChoices):
    URL = "url", "URL"
    HTML = "html", "HTML"
    TEXT = "text", "Pasted text"
    FEED = "feed", "Feed"
    FILE = "file", "File"
    API = "api", "API"


class Article(TimeStampedModel):
    """An imported document. `body` is the canonical plain text claims anchor to."""

    ImportMethod = ImportMethod

    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    url = models.URLField(max_length=2000, blank=True, help_text="Canonical address")
    title = models.CharField(max_length=500)
    byline = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=12, blank=True)
    body = models.TextField()
    content_hash = models.CharField(max_length=64, unique=True)
    fingerprint = models.BigIntegerField(null=True, blank=True, help_text="64-bit simhash")
    near_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="near_duplicates"
    )
    revision = models.PositiveIntegerField(default=1)
    import_method = models.CharField(max_length=8, choices=ImportMethod.choices)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raw_input = CompressedTextField(blank=True, help_text="The input as received, for provenance")
    raw_content_type = models.CharField(max_length=100, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="sources_article_url_unique"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="sources_article_body_not_empty"),
            choices_constraint(
                "import_method", ImportMethod, "sources_article_import_method_valid"
            ),
        ]
        indexes = [
            # Near-duplicate candidates: articles sharing a fingerprint band are compared.
            models.Index(fields=["fingerprint"], name="sources_article_fingerprint"),
            # Outlet pages and API filters list an outlet's articles newest first.
            models.Index(fields=["outlet", "-published_at"], name="sources_article_outlet_pub"),
        ]

    def __str__(self) -> str:
        return self.title


class ArticleRevision(models.Model):
    """A superseded text of an article, kept when a changed version is re-imported."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    body = models.TextField()
    content_hash = models.CharField(max_length=64)
    raw_input = CompressedTextField(blank=True)
    created_at = models.DateTimeField(help_text="When this text was first imported")
    superseded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "revision"], name="sources_articlerevision_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} r{self.revision}"


class SourceKind(models.TextChoices):
    OFFICIAL_STATISTICS = "official_statistics", "Official statistics"
    REPORT = "report", "Report"
    NEWS = "news", "News article"
    DATASET = "dataset", "Dataset"
    STATEMENT = "statement", "Statement"
    ACADEMIC = "academic", "Academic paper"
    OTHER = "other", "Other"


class Source(TimeStampedModel):
    """A citable reference: a URL, a report, a dataset, or an imported article."""

    Kind = SourceKind

    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_at = models.DateField(null=True, blank=True)
    article = models.OneToOneField(
        Article, null=True, blank=True, on_delete=models.PROTECT, related_name="source"
    )
    last_checked_at = models.DateTimeField(null=True, blank=True)
    reachable = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            choices_constraint("kind", SourceKind, "sources_source_kind_valid"),
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="sources_source_url_unique"
            ),
            models.CheckConstraint(
                condition=~Q(url="") | Q(article__isnull=False) | ~Q(title=""),
                name="sources_source_identifiable",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Feed(TimeStampedModel):
    """An RSS or Atom feed polled for new articles."""

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL)
    active = models.BooleanField(default=True)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.title or self.url


class ImportJobStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(TimeStampedModel):
    """A batch import run by a worker; editors watch its progress in the admin."""

    Status = ImportJobStatus

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField(max_length=500)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The outlet an upload's items are credited to when they name none (a domain).
    outlet_domain = models.CharField(max_length=253, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            choices_constraint("status", ImportJobStatus, "sources_importjob_status_valid"),
        ]

    def __str__(self) -> str:
        return self.description


class ImportUpload(models.Model):
    """A file of a batch upload, kept as it came until a worker reads it into the job's
    items (the web request only stores it); deleted once read."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="uploads")
    name = models.CharField(max_length=255)
    data = models.BinaryField(blank=True)
    # Why the file was not kept (too large), reported as its one failed item.
    refused = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ImportOutcome(models.TextChoices):
    PENDING = "pending", "Pending"
    IMPORTED = "imported", "Imported"
    EXISTING = "existing", "Already present"
    UPDATED = "updated", "Updated"
    FAILED = "failed", "Failed"


class ImportJobItem(models.Model):
    """One input of an ImportJob and what became of it."""

    Outcome = ImportOutcome

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    ref = models.CharField(max_length=2000, help_text="Where the item came from")
    payload = models.JSONField(default=dict)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.PENDING)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "position"], name="sources_importjobitem_unique"
            ),
            choices_constraint("outcome", ImportOutcome, "sources_importjobitem_outcome_valid"),
        ]

    def __str__(self) -> str:
        return self.ref
