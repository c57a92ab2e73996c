"""What a request URL says: the host's family (which kind of Azure AI host, which cloud, which resource or
region) and the route's shape (models, classic deployments, v1, project, ...), with secret query values removed.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..record import Record
from ..regex import lazy
from ..scrub import credential_name, looks_secret
from .number import ascii_int


class UrlShape(Record):
    """The parts of a request URL that matter, with secret query values removed."""

    scheme: str
    host: str
    port: int | None
    path: str
    query: Mapping[str, str]
    host_family: str
    """openai | cognitiveservices | services | regional | serverless | online-endpoint | github | apim |
    azureml | openai-com | anthropic-com | other | unknown"""
    cloud: str
    resource: str | None
    region: str | None
    path_family: str
    """models | openai-deployments | openai-v1 | openai-other | deployments-no-prefix | project | info | anthropic
    (under /anthropic: Claude, Anthropic's Messages API) | messages-no-prefix (/v1/messages outside /anthropic) |
    other"""
    deployment: str | None
    project: str | None
    operation: str | None
    api_version: str | None
    api_versions_sent: int
    doubled: str | None

    __slots__ = (
        "api_version",
        "api_versions_sent",
        "cloud",
        "deployment",
        "doubled",
        "host",
        "host_family",
        "operation",
        "path",
        "path_family",
        "port",
        "project",
        "query",
        "region",
        "resource",
        "scheme",
    )

    def __init__(
        self,
        scheme: str = "",
        host: str = "",
        port: int | None = None,
        path: str = "",
        query: Mapping[str, str] | None = None,
        host_family: str = "unknown",
        cloud: str = "public",
        resource: str | None = None,
        region: str | None = None,
        path_family: str = "other",
        deployment: str | None = None,
        project: str | None = None,
        operation: str | None = None,
        api_version: str | None = None,
        api_versions_sent: int = 0,
        doubled: str | None = None,
    ) -> None:
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = {} if query is None else query
        self.host_family = host_family
        self.cloud = cloud
        self.resource = resource
        self.region = region
        self.path_family = path_family
        self.deployment = deployment
        self.project = project
        self.operation = operation
        self.api_version = api_version
        self.api_versions_sent = api_versions_sent
        self.doubled = doubled

    @property
    def origin(self) -> str:
        return f"{self.scheme or 'https'}://{self.host}" + (f":{self.port}" if self.port else "")

    def redacted(self) -> str:
        q = "&".join(f"{k}={v}" for k, v in self.query.items())
        return f"{self.origin}{self.path}" + (f"?{q}" if q else "")


def _cloud(host: str) -> str:
    if host.endswith((".azure.us", ".microsoft.us")):
        return "usgov"
    return "china" if host.endswith(".azure.cn") else "public"


# Host shapes by what follows the first label (<resource>.openai.azure.com: the resource) or the first two
# (<name>.<region>.models.ai.azure.com): a dictionary look-up, not a scan.
_AFTER_ONE_LABEL: dict[str, tuple[str, str]] = {}
for _tld in ("com", "us", "cn"):
    _AFTER_ONE_LABEL[f"openai.azure.{_tld}"] = ("openai", "res")
    _AFTER_ONE_LABEL[f"cognitiveservices.azure.{_tld}"] = ("cognitiveservices", "res")
    _AFTER_ONE_LABEL[f"services.ai.azure.{_tld}"] = ("services", "res")
for _suffix in ("api.cognitive.microsoft.com", "api.cognitive.microsoft.us", "api.cognitive.azure.cn"):
    _AFTER_ONE_LABEL[_suffix] = ("regional", "region")
for _suffix in ("azure-api.net", "azure-api.us", "azure-api.cn"):
    _AFTER_ONE_LABEL[_suffix] = ("apim", "res")
_AFTER_ONE_LABEL["api.azureml.ms"] = ("azureml", "region")


_AFTER_TWO_LABELS: dict[str, str] = {}
for _tld in ("com", "us", "cn"):
    _AFTER_TWO_LABELS[f"models.ai.azure.{_tld}"] = "serverless"
    _AFTER_TWO_LABELS[f"inference.ml.azure.{_tld}"] = "online-endpoint"


_EXACT_HOSTS = {
    "models.inference.ai.azure.com": "github",
    "models.github.ai": "github",
    "api.openai.com": "openai-com",
    "api.anthropic.com": "anthropic-com",
}


AZURE_AI_FAMILIES = frozenset({"openai", "cognitiveservices", "services"})
"""Hosts of one Foundry / AI Services / Azure OpenAI resource (custom subdomain)."""


def _host_family(host: str) -> tuple[str, str | None, str | None]:
    """(family, resource, region) of a host."""
    exact = _EXACT_HOSTS.get(host)
    if exact:
        return exact, None, None
    first, _, rest = host.partition(".")
    if first:
        one = _AFTER_ONE_LABEL.get(rest)
        if one:
            family, role = one
            return (family, first, None) if role == "res" else (family, None, first)
        second, _, rest2 = rest.partition(".")
        two = _AFTER_TWO_LABELS.get(rest2)
        if two and second:
            return two, first, second
    return ("other" if host else "unknown"), None, None


_DEPLOYMENT_PATH = lazy(r"/openai/deployments/(?P<dep>[^/?#]+)(?P<rest>/[^?#]*)?")


_PROJECT_PATH = lazy(r"^/api/projects/(?P<p>[^/?#]+)(?P<rest>/[^?#]*)?")


_OPS = r"(?:chat/completions|completions|embeddings|images/generations|audio/\w+|responses|extensions/chat/completions|info)"


_OPERATION = lazy(rf"^{_OPS}$")


_OPERATION_TAIL = lazy(rf"^(?P<extra>[^/]+(?:/[^/]+)*?)/(?P<op>{_OPS})$")


_NO_PREFIX_DEPLOYMENT = lazy(r"^/deployments/(?P<dep>[^/?#]+)(?P<rest>/[^?#]*)?")


_DOUBLED = (
    (lazy(r"/openai/v1/openai/"), "/openai/v1/openai/"),
    (lazy(r"/openai/openai/"), "/openai/openai/"),
    (lazy(r"/deployments/[^/]+/openai/deployments/"), "/deployments/<name>/openai/deployments/"),
    (lazy(r"/v1/v1/"), "/v1/v1/"),
    (lazy(r"/models/models/"), "/models/models/"),
    (lazy(r"/chat/completions/chat/completions"), "/chat/completions/chat/completions"),
    (lazy(r"/anthropic/(?:.*/)?anthropic(?:/|$)"), "/anthropic/anthropic/"),
    (lazy(r"/messages/(?:.*/)?messages(?:/|$)"), "/v1/messages twice"),
    (lazy(r"(?i)(?:%3F|\?)api-version(?:=|%3D)"), "api-version inside the path"),
    (lazy(r"//"), "//"),
)


_DOUBLED_ANY = lazy(
    r"//|openai/.*openai/|/v1/v1/|/models/models/|completions/chat/|api-version|anthropic/.*anthropic|messages/.*messages"
)


_MESSAGES_OP = lazy(r"(?:^|/)v1/messages(?:/|$)")
"""Anthropic's Messages API (`/v1/messages`), wherever a base URL put it."""


# scheme://[userinfo@]host[:port]path[?query][#fragment]: the parts urlsplit gives, in one match
_URL = lazy(
    r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?:[^@/?#]*@)?(?P<host>\[[^\]/?#]*\]|[^:/?#]*)"
    r"(?::(?P<port>[^/?#]*))?(?P<path>[^?#]*)(?:\?(?P<query>[^#]*))?"
)


def unquote(text: str) -> str:
    """`urllib.parse.unquote`, imported only for text that has a %-escape (without one it is the text itself)."""
    if "%" not in text:
        return text
    from urllib.parse import unquote

    return unquote(text)


def _unquote_plus(text: str) -> str:
    text = text.replace("+", " ") if "+" in text else text
    return unquote(text)


def parse_url(url: str | None) -> UrlShape:
    """Classify a request URL; total (a URL that does not parse gives an empty shape)."""
    if not url:
        return UrlShape()
    url = url[:8192].strip()
    parts = _URL.match(url if "://" in url else "https://" + url)
    if parts is None:
        return UrlShape()
    scheme, host, raw_port, path, raw_query = parts.group("scheme", "host", "port", "path", "query")
    host = host.strip("[]").lower().rstrip(".")
    port = None
    if raw_port:
        port = ascii_int(raw_port.lstrip("0") or "0", 5)
        if port is None or port > 65535:
            return UrlShape()  # as urlsplit would refuse it
    path = path or "/"
    query: dict[str, str] = {}
    api_versions = 0
    for pair in (raw_query or "").split("&", 50)[:50]:
        if not pair:
            continue
        key, _, value = pair.partition("=")
        k = _unquote_plus(key).lower()
        if k == "api-version":
            api_versions += 1
        plain = _unquote_plus(value)
        secret = credential_name(k, query=True) or (len(plain) >= 20 and looks_secret(plain))
        query[k] = "<redacted>" if secret else plain[:100]
    family, resource, region = _host_family(host)
    cloud = _cloud(host)
    lowered = unquote(path).lower() if "%" in path else path.lower()

    doubled = None
    if _DOUBLED_ANY.search(lowered):  # one cheap pass; the specific label only when something repeats
        for pattern, label in _DOUBLED:
            if pattern.search(path if label.startswith("api-version") else lowered):
                doubled = label
                break
    if doubled is None and api_versions > 1:
        doubled = "api-version given twice"

    path_family, deployment, project, operation = "other", None, None, None
    # each expression only where the literal it starts with is there
    pm = _PROJECT_PATH.match(path) if path.startswith("/api/projects/") else None
    dm = _DEPLOYMENT_PATH.search(path) if "/openai/deployments/" in path else None
    nm = _NO_PREFIX_DEPLOYMENT.match(path) if path.startswith("/deployments/") else None
    if lowered.startswith("/anthropic/") or lowered == "/anthropic":
        path_family = "anthropic"
        operation = lowered[len("/anthropic") :].strip("/") or None
    elif "v1/messages" in lowered and _MESSAGES_OP.search(lowered):
        path_family = "messages-no-prefix"  # the Messages API on a base URL without /anthropic
        operation = lowered.strip("/") or None
    elif pm:
        path_family, project = "project", pm.group("p")
        operation = (pm.group("rest") or "").strip("/") or None
        if dm:
            deployment = unquote(dm.group("dep"))
    elif dm:
        path_family, deployment = "openai-deployments", unquote(dm.group("dep"))
        operation = (dm.group("rest") or "").strip("/") or None
        spill = None if _OPERATION.match(operation or "") else _OPERATION_TAIL.match(operation or "")
        if spill:  # a deployment name with a '/' in it (azure/gpt-4o)
            deployment = f"{deployment}/{unquote(spill.group('extra'))}"
            operation = spill.group("op")
    elif "/openai/v1/" in lowered or lowered.endswith("/openai/v1"):
        path_family = "openai-v1"
        operation = lowered.split("/openai/v1", 1)[1].strip("/") or None
    elif nm:
        path_family, deployment = "deployments-no-prefix", unquote(nm.group("dep"))
        operation = (nm.group("rest") or "").strip("/") or None
    elif lowered.startswith("/openai/") or lowered == "/openai":
        path_family = "openai-other"
        operation = lowered[len("/openai") :].strip("/") or None
    elif lowered.startswith("/models/") or lowered == "/models":
        path_family = "models"
        operation = lowered[len("/models") :].strip("/") or None
    else:
        operation = lowered.strip("/") or None
    if (
        operation is not None
        and (operation == "info" or operation.endswith("/info"))
        and path_family != "project"
    ):
        path_family = "info" if path_family == "other" else path_family
    return UrlShape(
        scheme=scheme.lower(),
        host=host,
        port=port,
        path=path[:512],
        query=query,
        host_family=family,
        cloud=cloud,
        resource=resource,
        region=region,
        path_family=path_family,
        deployment=deployment[:200] if deployment else None,
        project=project,
        operation=operation[:200] if operation else None,
        api_version=query.get("api-version"),
        api_versions_sent=api_versions,
        doubled=doubled,
    )
