"""Demo content of the cities app (filled by the partner-cities issue)."""


def load(*, stdout):
    """Create or update the demo partner city; running it twice changes nothing."""
