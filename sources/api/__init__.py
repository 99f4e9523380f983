"""Staff endpoints of `sources`: article import and reading."""
