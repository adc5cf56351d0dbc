from django import template

register = template.Library()


@register.filter
def rendition(image, width):
    """URL of the picture's smaller copy at ``width`` pixels (``yport.images``); empty without a picture:
    ``{{ speaker.photo|rendition:160 }}``."""
    return image.rendition(int(width)) if image else ""
