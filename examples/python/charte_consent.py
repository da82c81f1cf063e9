"""Read Charte's cookies_preferences in a Python back-end (Django or any other)."""
import re
import secrets
import time
from urllib.parse import parse_qsl

VALUE = re.compile(
    r"^v=1&id=[0-9a-f]{32}&rev=[1-9][0-9]{0,11}&t=[1-9][0-9]{0,11}"
    r"&acc=[a-z0-9.-]*&ref=[a-z0-9.-]*$"
)


def charte_choice(value, revision, categories, lifetime_days, now):
    """One value: {"id", "time", "accepted", "refused"}, or None if it does not hold."""
    if len(value) > 2048 or not VALUE.match(value):
        return None
    f = dict(parse_qsl(value, keep_blank_values=True))
    acc = f["acc"].split(".") if f["acc"] else []
    ref = f["ref"].split(".") if f["ref"] else []
    t = int(f["t"])
    if int(f["rev"]) != revision or t > now + 86400 or now >= t + lifetime_days * 86400:
        return None
    if sorted(acc + ref) != sorted(categories) or "necessary" not in acc:
        return None
    return {"id": f["id"], "time": t, "accepted": acc, "refused": ref}


def charte_consent(cookie_header, revision, categories, lifetime_days=182, now=None):
    """Return {"id", "time", "accepted", "refused"}, or None: ask again, refuse all.

    cookie_header is the raw Cookie header: a browser may send several values, and a
    copy (set by a sibling subdomain, say) can take consent away, never add it."""
    now = time.time() if now is None else now
    valid = []
    for part in (cookie_header or "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == "cookies_preferences":
            c = charte_choice(value, revision, categories, lifetime_days, now)
            if c:
                valid.append(c)
    if not valid:
        return None
    acc = [c for c in categories if all(c in v["accepted"] for v in valid)]
    same = [v for v in valid if len(v["accepted"]) == len(acc)]
    if same:
        return max(same, key=lambda v: v["time"])  # the newest; the first of equals
    return {"id": secrets.token_hex(16), "time": min(v["time"] for v in valid),
            "accepted": acc, "refused": [c for c in categories if c not in acc]}


# In a Django view (request.COOKIES keeps only one of several values):
#   c = charte_consent(request.META.get("HTTP_COOKIE", ""), revision=1,
#                      categories=["necessary", "statistics", "first-party", "third-party"])
#   stats_allowed = c is not None and "statistics" in c["accepted"]
