"""The conflicts wing: claims that state the same fact incompatibly, across documents.

`rules` (pure functions) decide; `detection` runs them for one claim or a sharded sweep and
writes the flags; `services` records people's decisions on a flag; `selectors` reads flags
and corroborations; `tasks`, `admin` and `api` expose them. It uses the facts wing only.
"""
