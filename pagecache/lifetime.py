"""How long the page cache may keep the page being rendered: a view showing something that changes without a
content change (seats left, an opening time) says until when its page is right, and the page is not served after
that moment. The earliest moment named during a request wins."""


def keep_page_until(request, moment):
    """The page rendered for ``request`` may be served from the page cache until ``moment`` (an aware datetime)."""
    current = getattr(request, "page_cache_until", None)
    if current is None or moment < current:
        request.page_cache_until = moment


def page_kept_until(request):
    """The moment named by ``keep_page_until`` for this request, or None."""
    return getattr(request, "page_cache_until", None)
