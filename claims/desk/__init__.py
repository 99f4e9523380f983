"""The desk wing: the newsroom's own pages.

The annotate page and the article with its claims (`admin`), the review queue (`review`),
the dashboard and a fact's timeline (`dashboard`), their URLs (`urls`, included by name).
It may use every other wing; nothing imports it.
"""
