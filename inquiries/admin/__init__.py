"""The inquiries in the admin: importing the modules registers InquiryAdmin (inquiry: the list and the change page,
with its actions in actions and its own pages in views and replies) and ReplyTemplateAdmin (reply_templates)."""

from inquiries.admin import inquiry, reply_templates  # noqa: F401
