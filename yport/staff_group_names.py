"""The names of the staff groups, in the kernel so that any app can name a group in what it declares (its
AppConfig's ``staff_group_permissions``) without importing ``accounts``, which syncs the groups from those
declarations (accounts/staff_groups.py)."""

CONTENT_EDITORS = "Content editors"
INQUIRY_HANDLERS = "Inquiry handlers"
PUBLISHERS = "Publishers"
REGISTRATION_STAFF = "Registration staff"

# The groups that exist, whatever the apps give them.
STAFF_GROUPS = (CONTENT_EDITORS, INQUIRY_HANDLERS, PUBLISHERS, REGISTRATION_STAFF)

# Given to a group in a declaration: every permission of the declaring app's label, including those of models the
# app adds later.
EVERY_PERMISSION = "__all__"
