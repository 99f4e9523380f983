"""The claims app: claims, their facts, the review workflow, verdicts and conflicts.

At the app's level: `models` (every model; migrations stay in `migrations/`), `services`
(the claim's own writes: create, edit, cite, the review workflow), `selectors` (its reads),
`tasks`, `notifications`, `admin` (the claim's own registrations) and the management
commands. Above them, the wings, each a package with its own services, tasks, admin and
api modules where it needs them:

    facts/       what a claim says (the ground: it imports no other wing)
    conflicts/   claims that state one fact incompatibly (uses facts)
    desk/        the newsroom's pages (uses both; nothing imports it)
    publishing/  what leaves the building: API, ClaimReview, feed, webhooks (uses both)

The contracts in pyproject.toml (`lint-imports`) keep it so. A module that must start a
higher module's work names the task (`newsdesk.common.tasks.enqueue_on_commit`).
"""
