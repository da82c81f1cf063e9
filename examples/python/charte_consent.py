"""Read Charte's cookies_preferences in a Python back-end (Django or any other)."""
import re
import time
from urllib.parse import parse_qsl

VALUE = re.compile(
    r"^v=1&id=[0-9a-f]{32}&rev=[1-9][0-9]{0,11}&t=[1-9][0-9]{0,11}"
    r"&acc=[a-z0-9.-]*&ref=[a-z0-9.-]*$"
)


def charte_consent(value, revision, categories, lifetime_days=182, now=None):
    """Return {"id", "time", "accepted", "refused"}, or None: ask again, refuse all."""
    if not value or not VALUE.match(value):
        return None
    f = dict(parse_qsl(value, keep_blank_values=True))
    acc = f["acc"].split(".") if f["acc"] else []
    ref = f["ref"].split(".") if f["ref"] else []
    t, now = int(f["t"]), time.time() if now is None else now
    if int(f["rev"]) != revision or t > now + 86400 or now >= t + lifetime_days * 86400:
        return None
    if sorted(acc + ref) != sorted(categories) or "necessary" not in acc:
        return None
    return {"id": f["id"], "time": t, "accepted": acc, "refused": ref}


# In a Django view:
#   c = charte_consent(request.COOKIES.get("cookies_preferences"), revision=1,
#                      categories=["necessary", "statistics", "first-party", "third-party"])
#   stats_allowed = c is not None and "statistics" in c["accepted"]
