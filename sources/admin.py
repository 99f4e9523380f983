from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from newsdesk.common import http as safe_http
from newsdesk.common import roles
from sources.batches import Upload, import_job_from_uploads
from sources.importing.batch import BatchError
from sources.models import (
    Article,
    ArticleRevision,
    Feed,
    ImportJob,
    ImportJobItem,
    ImportMethod,
    ImportOutcome,
    ImportUpload,
    Outlet,
    Source,
)
from sources.preparing import canonical_url
from sources.services import ARTICLE_EDITABLE, ImportFailed, article_edit, article_import

# --------------------------------------------------------------------------- import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (`<input type=file multiple>`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ArticleImportForm(forms.Form):
    """One article: a URL (fetched), an uploaded file or pasted text."""

    url = forms.CharField(
        label="URL",
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"size": 80, "placeholder": "https://"}),
        help_text="Fetched and extracted. With a file or pasted text, it is only recorded as "
        "the article's address.",
    )
    file = forms.FileField(
        required=False, help_text="A saved web page (.html, .htm) or plain text (.txt)."
    )
    text = forms.CharField(
        label="Pasted text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
        help_text="Page furniture (ads, appeals, share prompts, comments) is removed.",
    )
    title = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text="Leave empty to use the page's title (or the text's first line).",
    )
    published_at = forms.DateTimeField(
        label="Published at",
        required=False,
        widget=forms.DateTimeInput(attrs={"placeholder": "2022-09-04 10:00"}),
    )
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.all(),
        required=False,
        help_text="Leave empty to use the outlet of the URL's domain.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = [name for name in ("file", "text") if data.get(name)]
        if len(given) > 1:
            raise forms.ValidationError("Upload a file or paste text, not both.")
        if not given and not (data.get("url") or "").strip():
            raise forms.ValidationError("Give a URL, upload a file or paste the text.")
        return data


class BatchImportForm(forms.Form):
    """Many articles at once, imported in the background as an ImportJob."""

    files = MultipleFileField(
        help_text="JSON Lines (.jsonl: one {url | html | text, title, published_at, outlet} "
        "object per line), web pages (.html, .htm), text files (.txt), RSS/Atom feeds (.xml). "
        "Each file up to the size limit; a batch holds at most "
        f"{settings.NEWSDESK_BATCH_MAX_ITEMS:,} items.",
    )
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.all(),
        required=False,
        help_text="For the items that name no outlet.",
    )


def _size_error(name: str, size: int) -> BatchError:
    limit = settings.NEWSDESK_IMPORT_MAX_BYTES
    return BatchError(
        None, f"The file is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:g} MB.", name
    )


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "country", "language"]
    list_filter = ["country", "language"]
    search_fields = ["name", "domain"]


class RevisionInline(admin.TabularInline):
    model = ArticleRevision
    fields = ["revision", "title", "content_hash", "created_at", "superseded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = list(ARTICLE_EDITABLE)

    def clean_url(self) -> str:
        """The address as the import pipeline stores it: http or https, canonical form."""
        try:
            return canonical_url(self.cleaned_data.get("url") or "")
        except ImportFailed as exc:
            raise forms.ValidationError(exc.message, code="bad_url") from exc


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "outlet",
        "published_at",
        "language",
        "import_method",
        "revision",
        "created_at",
    ]
    list_filter = ["import_method", "language", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["outlet"]
    raw_id_fields = ["near_duplicate_of"]
    readonly_fields = [
        "body_text",
        "content_hash",
        "fingerprint",
        "near_duplicate_of",
        "revision",
        "import_method",
        "imported_by",
        "raw_content_type",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "url", "byline", "published_at", "language"]}),
        ("Text", {"fields": ["body_text"]}),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    "import_method",
                    "imported_by",
                    "created_at",
                    "updated_at",
                    "revision",
                    "content_hash",
                    "fingerprint",
                    "near_duplicate_of",
                    "raw_content_type",
                ],
            },
        ),
    ]
    inlines = [RevisionInline]
    change_list_template = "sources/article_change_list.html"

    @admin.display(description="Body")
    def body_text(self, obj: Article) -> str:
        return format_html(
            '<div class="article-body" style="white-space: pre-wrap">{}</div>', obj.body
        )

    def save_model(self, request, obj: Article, form, change) -> None:
        """Corrections go through the service (articles are only added by import)."""
        article_edit(article=obj, fields=[f for f in form.changed_data if f in ARTICLE_EDITABLE])

    def has_add_permission(self, request) -> bool:
        """Editors add articles, but only through the import page (the import pipeline):
        the changelist's "Add" button leads there (see `add_view`)."""
        return roles.is_editor(request.user)

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:sources_article_import"))

    def get_urls(self):
        # Before the model's own URLs: "<path:object_id>/" would swallow "import/".
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="sources_article_import",
            ),
            path(
                "import/batch/",
                self.admin_site.admin_view(self.import_batch_view),
                name="sources_article_import_batch",
            ),
            *super().get_urls(),
        ]

    def _import_page(
        self, request: HttpRequest, form: ArticleImportForm, batch_form: BatchImportForm
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": "Import articles",
            "opts": self.model._meta,
            "form": form,
            "batch_form": batch_form,
            "max_mb": settings.NEWSDESK_IMPORT_MAX_BYTES / 1_048_576,
            "max_bytes": settings.NEWSDESK_IMPORT_MAX_BYTES,
            "recent_jobs": ImportJob.objects.order_by("-created_at", "-id")[:5],
        }
        return TemplateResponse(request, "sources/article_import.html", context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """One article from a URL, an uploaded file or pasted text, through the service."""
        if not roles.is_editor(request.user):
            raise PermissionDenied("Only editors may import articles.")
        if request.method != "POST":
            return self._import_page(request, ArticleImportForm(), BatchImportForm())
        form = ArticleImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            if upload is not None:
                method = ImportMethod.FILE
            else:
                method = ImportMethod.TEXT if data["text"] else ImportMethod.URL
            try:
                if upload is not None and upload.size > settings.NEWSDESK_IMPORT_MAX_BYTES:
                    raise ImportFailed(_size_error(upload.name, upload.size).message)
                result = article_import(
                    method=method,
                    user=request.user,
                    url=data["url"].strip(),
                    text=data["text"] or None,
                    data=upload.read() if upload is not None else None,
                    filename=upload.name if upload is not None else "",
                    title=data["title"],
                    published_at=data["published_at"],
                    outlet=data["outlet"],
                )
            except ImportFailed as exc:
                form.add_error(None, exc.message)
            else:
                article = result.article
                text = {
                    "imported": "Imported “{}”.",
                    "existing": "“{}” was already imported: here it is (nothing changed).",
                    "updated": "“{}” changed since it was imported: revision {} is now current "
                    "and its claims are being re-anchored.",
                }[result.outcome]
                messages.success(request, text.format(article.title, article.revision))
                # Straight to selecting its claims (the annotate page, by its URL name).
                return HttpResponseRedirect(
                    reverse("admin:sources_article_annotate", args=[article.pk])
                )
        return self._import_page(request, form, BatchImportForm())

    def import_batch_view(self, request: HttpRequest) -> HttpResponse:
        """Several files (.jsonl, pages, texts, feeds) as an ImportJob run by a worker."""
        if not roles.is_editor(request.user):
            raise PermissionDenied("Only editors may import articles.")
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:sources_article_import"))
        form = BatchImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._import_page(request, ArticleImportForm(), form)
        uploads = []
        for upload in form.cleaned_data["files"]:
            if upload.size > settings.NEWSDESK_IMPORT_MAX_BYTES:
                refused = _size_error(upload.name, upload.size).message
                uploads.append(Upload(name=upload.name, data=b"", refused=refused))
            else:
                uploads.append(Upload(name=upload.name, data=upload.read()))
        names = [u.name for u in uploads]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        outlet = form.cleaned_data["outlet"]
        job = import_job_from_uploads(
            uploads=uploads,
            user=request.user,
            description=f"Upload by {request.user}: {shown}",
            outlet_domain=outlet.domain if outlet else "",
        )
        messages.info(
            request, f"Import job #{job.pk} started with {job.total} item(s); this page follows it."
        )
        return HttpResponseRedirect(reverse("admin:sources_importjob_change", args=[job.pk]))


@admin.register(ImportUpload)
class ImportUploadAdmin(admin.ModelAdmin):
    """Files of batch uploads a worker has not read yet (normally none for long)."""

    list_display = ["name", "job", "created_at"]
    list_select_related = ["job"]
    fields = readonly_fields = ["name", "job", "refused", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    list_display = ["article", "revision", "title", "created_at", "superseded_at"]
    list_select_related = ["article"]
    search_fields = ["article__title", "title"]
    readonly_fields = [f.name for f in ArticleRevision._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "publisher",
        "published_at",
        "url",
        "reachable",
        "last_checked_at",
    ]
    list_filter = ["kind", "reachable"]
    search_fields = ["title", "url", "publisher"]
    raw_id_fields = ["article"]


class FeedAdminForm(forms.ModelForm):
    class Meta:
        model = Feed
        fields = ["url", "title", "outlet", "active"]

    def clean_url(self) -> str:
        """Refuse at save what polling would refuse: other schemes (ftp), credentials in
        the link, loopback, private and reserved addresses. A name that does not resolve
        yet is kept (polling reports it)."""
        url = self.cleaned_data.get("url") or ""
        try:
            safe_http.check_url(
                url, allow_private_hosts=settings.NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS
            )
        except safe_http.UnsafeURL as exc:
            raise forms.ValidationError(exc.message, code="unsafe_url") from exc
        except safe_http.FetchError:
            pass
        return url


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    form = FeedAdminForm
    list_display = ["__str__", "outlet", "active", "last_polled_at", "last_error"]
    list_filter = ["active"]
    search_fields = ["url", "title"]
    autocomplete_fields = ["outlet"]
    readonly_fields = ["etag", "last_modified", "last_polled_at", "last_error"]


# A job page shows this many items; all of them are on the items list, a page at a time
# (a 556k-line upload rendered every item inline and took a worker down).
JOB_ITEMS_SHOWN = 50


@admin.register(ImportJobItem)
class ImportJobItemAdmin(admin.ModelAdmin):
    list_display = ["job", "position", "ref", "outcome", "article", "error"]
    list_filter = ["outcome"]
    list_select_related = ["job", "article"]
    search_fields = ["ref", "error"]
    readonly_fields = ["job", "position", "ref", "payload", "outcome", "article", "error"]
    list_per_page = 100
    show_full_result_count = False  # no second COUNT over a big job's items

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """An import job's progress page: counts per outcome, the failures with their reasons,
    and every item; it refreshes itself while the job runs."""

    list_display = ["description", "status", "progress", "created_by", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    readonly_fields = [
        "description",
        "status",
        "progress",
        "outcomes",
        "failures",
        "first_items",
        "error",
        "created_by",
        "created_at",
        "finished_at",
    ]
    fields = readonly_fields
    change_form_template = "sources/importjob_change_form.html"

    @admin.display(description="progress")
    def progress(self, obj: ImportJob) -> str:
        return f"{obj.processed} / {obj.total}"

    def _counts(self, obj: ImportJob) -> dict[str, int]:
        return dict(obj.items.values_list("outcome").annotate(n=Count("id")).order_by())

    @admin.display(description="outcomes")
    def outcomes(self, obj: ImportJob) -> str:
        counts = self._counts(obj)
        rows = [(label, counts.get(value, 0)) for value, label in ImportOutcome.choices]
        return format_html(
            '<ul class="import-outcomes">{}</ul>', format_html_join("", "<li>{}: {}</li>", rows)
        )

    @admin.display(description="failures")
    def failures(self, obj: ImportJob) -> str:
        failed = obj.items.filter(outcome=ImportOutcome.FAILED).order_by("position")
        rows = list(failed.values_list("ref", "error")[:200])
        if not rows:
            return "—"
        return format_html(
            '<ul class="import-failures">{}</ul>',
            format_html_join("", "<li><code>{}</code>: {}</li>", rows),
        )

    @admin.display(description="items")
    def first_items(self, obj: ImportJob) -> str:
        rows = list(
            obj.items.order_by("position").values_list("position", "ref", "outcome", "error")[
                :JOB_ITEMS_SHOWN
            ]
        )
        if not rows:
            return "—"
        every = reverse("admin:sources_importjobitem_changelist") + f"?job__id__exact={obj.pk}"
        return format_html(
            '<ol class="import-items">{}</ol><p><a href="{}" id="all-items">Every item of '
            "this job, {} a page</a> (the first {} are above)</p>",
            format_html_join("", '<li value="{}"><code>{}</code>: {} {}</li>', rows),
            every,
            ImportJobItemAdmin.list_per_page,
            JOB_ITEMS_SHOWN,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        extra: dict[str, Any] = dict(extra_context or {})
        if job is not None:
            extra["job"] = job
            extra["running"] = job.status in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING)
            extra["percent"] = round(100 * job.processed / job.total) if job.total else 100
        return super().change_view(request, object_id, form_url, extra)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
