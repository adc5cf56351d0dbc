"""The offer of a conference's schema.org Event (JSON-LD): registration is free, at the conference's registration
form, from the time it opens until it closes. Added to the Event that conferences builds through
conferences.structured_data.add_event_properties (registered by RegistrationsConfig.ready()), since conferences
imports nothing of registrations.

The Event's JSON-LD is kept in a fragment cache until the content generation changes (a setup's save makes a new one:
RegistrationsConfig.public_content_models), so the offer says only what changes with the setup: price, currency,
address and the window (validFrom, validThrough). It leaves out ``availability`` (InStock, SoldOut, PreOrder): that
changes with the seats taken and the clock, which make no new generation, and a cached SoldOut or PreOrder would be
wrong for up to the fragment's lifetime; Google's Event guidelines recommend it but do not require it. Once
registration has closed there is no offer (the page shows no registration link either); a fragment cached just before
the close still says validThrough, which has then passed."""

from django.urls import reverse
from django.utils import timezone

from registrations.status import conference_setup
from yport.seo import absolute_url


def conference_offer(conference) -> dict | None:
    """``{"offers": Offer}`` when the conference has a registration setup that has not closed, otherwise None. The
    setup is read once for the page (status.conference_setup), shared with the status block."""
    setup = conference_setup(conference)
    if setup is None or timezone.now() >= setup.closes_at:
        return None
    return {
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "JPY",
            "url": absolute_url(reverse("registrations:register", kwargs={"slug": conference.slug})),
            "validFrom": timezone.localtime(setup.opens_at).isoformat(),
            "validThrough": timezone.localtime(setup.closes_at).isoformat(),
        }
    }
