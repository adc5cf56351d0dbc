"""``{% visitor_fragment name %}…{% endvisitor_fragment %}``: a part of the page shell rendered once per content
version for every visitor without a session, the way ``{% cache %}`` keeps the parts of a page
(``pagecache.fragments``).

For the parts that follow from the page's address alone, such as base.html's ``<head>`` (title, description, Open
Graph, hreflang alternates, canonical link, JSON-LD, stylesheet): the key is the fragment version, the language, the
template rendered (a 404 or a CSRF failure page at the same address has its own), the scheme, the host and the full
path. A request that carries a session (signed-in staff, who may see drafts at a public address; a visitor with
messages) renders it every time, so nothing rendered for one person is ever shown to another.
"""

from django import template
from django.utils.translation import get_language

from pagecache.fragments import keep_fragment, kept_fragment, request_fragment_version
from pagecache.sessions import carries_a_session

register = template.Library()


class VisitorFragmentNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        request = context.get("request")
        if request is None or carries_a_session(request):
            return self.nodelist.render(context)
        vary_on = (
            request_fragment_version(request),
            get_language(),
            context.template.name,
            request.scheme,
            request.get_host(),
            request.get_full_path(),
        )
        html = kept_fragment(f"visitor-{self.name}", *vary_on)
        if html is None:
            html = self.nodelist.render(context)
            keep_fragment(f"visitor-{self.name}", *vary_on, value=html)
        return html


@register.tag
def visitor_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes one argument: the fragment's name.")
    nodelist = parser.parse(("endvisitor_fragment",))
    parser.delete_first_token()
    return VisitorFragmentNode(nodelist, bits[1])
