"""A committed change to public content makes a new content generation (``bump_generation_on_commit``).

Public content is what the apps that declare ``public_content = True`` on their AppConfig hold
(``yport.apps_registry``): any save, deletion or many-to-many change of one of their models. Connected by
``PagecacheConfig.ready()``.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from pagecache.generation import bump_generation_on_commit
from yport.apps_registry import is_public_content_model


def is_content_model(model):
    # Migrations save through historical models (module "__fake__"), before the cache table may even exist.
    return model.__module__ != "__fake__" and is_public_content_model(model)


def content_saved_or_deleted(sender, **kwargs):
    if is_content_model(sender):
        bump_generation_on_commit()


def content_relations_changed(sender, action, **kwargs):
    # The sender is the relation's through model, which belongs to the app of the model that declares it.
    if action in ("post_add", "post_remove", "post_clear") and is_content_model(sender):
        bump_generation_on_commit()


def connect_signals():
    post_save.connect(content_saved_or_deleted, dispatch_uid="pagecache.saved")
    post_delete.connect(content_saved_or_deleted, dispatch_uid="pagecache.deleted")
    m2m_changed.connect(content_relations_changed, dispatch_uid="pagecache.relations")
