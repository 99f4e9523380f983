from django.contrib import admin
from django.utils.html import format_html, format_html_join

from sources.models import (
    Article,
    ArticleRevision,
    Feed,
    ImportJob,
    ImportJobItem,
    Outlet,
    Source,
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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title", "outlet", "published_at", "language", "import_method", "revision", "created_at",
    ]
    list_filter = ["import_method", "language", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["outlet"]
    raw_id_fields = ["near_duplicate_of"]
    readonly_fields = [
        "body_text", "content_hash", "fingerprint", "near_duplicate_of", "revision",
        "import_method", "imported_by", "raw_content_type", "created_at", "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "outlet", "url", "byline", "published_at", "language"]}),
        ("Text", {"fields": ["body_text"]}),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    "import_method", "imported_by", "created_at", "updated_at", "revision",
                    "content_hash", "fingerprint", "near_duplicate_of", "raw_content_type",
                ],
            },
        ),
    ]
    inlines = [RevisionInline]

    @admin.display(description="Body")
    def body_text(self, obj: Article) -> str:
        return format_html('<div class="article-body" style="white-space: pre-wrap">{}</div>', obj.body)

    def has_add_permission(self, request) -> bool:
        # New articles come in through the import page, which runs the import pipeline.
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
    list_display = ["title", "kind", "publisher", "published_at", "url", "reachable", "last_checked_at"]
    list_filter = ["kind", "reachable"]
    search_fields = ["title", "url", "publisher"]
    raw_id_fields = ["article"]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "active", "last_polled_at", "last_error"]
    list_filter = ["active"]
    search_fields = ["url", "title"]
    autocomplete_fields = ["outlet"]
    readonly_fields = ["etag", "last_modified", "last_polled_at", "last_error"]


class ImportJobItemInline(admin.TabularInline):
    model = ImportJobItem
    fields = ["position", "ref", "outcome", "article", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0


@admin.register(ImportJobItem)
class ImportJobItemAdmin(admin.ModelAdmin):
    list_display = ["job", "position", "ref", "outcome", "article", "error"]
    list_filter = ["outcome"]
    list_select_related = ["job", "article"]
    search_fields = ["ref", "error"]
    readonly_fields = ["job", "position", "ref", "payload", "outcome", "article", "error"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["description", "status", "progress", "created_by", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    readonly_fields = ["description", "status", "total", "processed", "error", "created_by", "created_at", "finished_at", "outcomes"]
    exclude = []
    inlines = [ImportJobItemInline]

    @admin.display(description="progress")
    def progress(self, obj: ImportJob) -> str:
        return f"{obj.processed} / {obj.total}"

    @admin.display(description="outcomes")
    def outcomes(self, obj: ImportJob) -> str:
        from django.db.models import Count

        rows = obj.items.values_list("outcome").annotate(n=Count("id")).order_by("outcome")
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
