"""The facts wing, the ground of the claims app: what a claim says.

Extraction (numbers, hedges, units, dates, entities), the anchor of a claim in its article's
text and its highlighting, check-worthiness suggestions, the entity data a desk starts with
and the timeline chart. It imports no other wing.
"""
