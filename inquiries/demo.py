"""Demo content of the inquiries app: no invented inquiries (they are personal data), only the staff groups."""

from yport.staff_groups import sync_staff_groups


def load(*, stdout):
    """Make sure the staff groups exist with their permissions; running it twice changes nothing."""
    sync_staff_groups()
