from opendata.services import datasets_publish


def seed_open_data() -> int:
    """Publish every dataset once from the demo's data, so /datos/ is full; run again it publishes only what changed
    (nothing, on an unchanged demo)."""
    return len(datasets_publish())
