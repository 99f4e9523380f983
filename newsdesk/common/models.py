"""The base model every domain model extends."""

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def choices_constraint(
    field: str, choices: type[models.TextChoices], name: str, *, blank: bool = False
) -> models.CheckConstraint:
    """A CheckConstraint that keeps `field` within its TextChoices (choices alone don't)."""
    condition = models.Q(**{f"{field}__in": list(choices.values)})
    if blank:
        condition |= models.Q(**{field: ""})
    return models.CheckConstraint(condition=condition, name=name)
