"""The conflict wing's Celery tasks: thin, idempotent, each calling one function.

`claims.services` starts `check_claim_conflicts` by name after a claim's fact changes (it
never imports this wing); beat starts `conflict_sweep` every hour.
"""

from __future__ import annotations

from celery import shared_task

from claims.conflicts import detection


@shared_task(name="claims.conflicts.tasks.check_claim_conflicts")
def check_claim_conflicts(claim_id: int) -> dict:
    return detection.conflict_check_claim(claim_id=claim_id)


@shared_task(name="claims.conflicts.tasks.conflict_sweep")
def conflict_sweep(shards: int | None = None) -> int:
    return detection.conflict_sweep_fan_out(shards=shards)


@shared_task(name=detection.SWEEP_SHARD_TASK)
def conflict_sweep_shard(shard: int, shards: int) -> dict:
    return detection.conflict_sweep_shard(shard=shard, shards=shards)
