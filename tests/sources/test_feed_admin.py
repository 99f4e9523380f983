"""The feed admin refuses at save the links that polling would refuse."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.models import Feed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        ("http://127.0.0.1/feed.xml", "private or reserved address"),
        ("http://localhost/feed.xml", "private or reserved address"),
        ("http://[::1]/feed.xml", "private or reserved address"),
        ("http://[fec0::1]/feed.xml", "private or reserved address"),
        ("https://user:secret@news.example/feed.xml", ""),
        ("ftp://news.example/feed.xml", ""),
    ],
)
def test_an_unsafe_feed_link_is_refused_at_save(client, admin_user_, url, phrase):
    client.force_login(admin_user_)
    response = client.post(reverse("admin:sources_feed_add"), {"url": url, "active": "on"})
    assert response.status_code == 200  # the form again, with the error
    errors = response.context["adminform"].form.errors["url"]
    assert errors and phrase in " ".join(errors)
    assert url in response.content.decode()  # what was typed is kept
    assert not Feed.objects.exists()


def test_a_public_feed_link_is_saved(client, admin_user_):
    client.force_login(admin_user_)
    url = "https://news.example/feed.xml"
    response = client.post(reverse("admin:sources_feed_add"), {"url": url, "active": "on"})
    assert response.status_code == 302
    assert Feed.objects.get().url == url
