"""The publishing wing: what leaves the building.

The claims API (`api`: the staff endpoints and the consumers' view of published verdicts),
schema.org ClaimReview (`claimreview`), the public fact-check pages (`pages`, `urls`, their
addresses in `links`), the Atom feed (`feeds`), webhooks (`webhooks`, with their `tasks` and
`admin`). It may use facts and conflicts; nothing below imports it.
"""
