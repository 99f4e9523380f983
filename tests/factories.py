"""factory_boy factories for the domain models."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from claims.models import Claim, Entity, Measure
from newsdesk.common import roles
from sources.importing.text import content_hash
from sources.models import Article, Outlet, Source


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@newsdesk.invalid")
    password = factory.django.Password("pw-for-tests-only")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))
            self.is_staff = True
            self.save()


def editor(username: str = "editor") -> object:
    return UserFactory(username=username, roles=[roles.EDITORS])


def reviewer(username: str = "reviewer") -> object:
    return UserFactory(username=username, roles=[roles.REVIEWERS])


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("domain",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    domain = factory.Sequence(lambda n: f"outlet{n}.example")


class ArticleFactory(factory.django.DjangoModelFactory):
    """An article written straight to the table (tests of import go through the service)."""

    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    body = factory.Sequence(
        lambda n: (
            f"Story {n}. Burkina Faso and Mali share a border of more than a thousand "
            "kilometers. More than 40% of Burkina's territory is outside state control."
        )
    )
    content_hash = factory.LazyAttribute(lambda a: content_hash(a.body))
    import_method = Article.ImportMethod.TEXT
    published_at = factory.Faker("date_time_this_decade", tzinfo=__import__("datetime").UTC)
    language = "en"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Report {n}")
    url = factory.Sequence(lambda n: f"https://stats.example/report/{n}")
    kind = Source.Kind.REPORT


def entity(name: str = "Burkina Faso") -> Entity:
    return Entity.objects.get(name=name)


def measure(slug: str = "territory-outside-state-control") -> Measure:
    """One of the measures the desk starts with (seeded by the migrations)."""
    return Measure.objects.get(slug=slug)


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim written straight to the table, anchored on the article's first sentence."""

    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda c: c.article.body.index(".") + 1)
    exact = factory.LazyAttribute(lambda c: c.article.body[c.start : c.end])
    statement = factory.LazyAttribute(lambda c: c.exact)
    author = factory.SubFactory(UserFactory)


def key_client(key: str) -> APIClient:
    """An API client that sends `key` as its bearer token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client
