"""An OAuth-protected MCP server in one stdlib-only process, for mcpterm's login tests.

It is both an OAuth 2.1 authorization server (RFC 8414 metadata, RFC 7591 registration, an
authorize endpoint that redirects at once with code, state and iss, a token endpoint that checks
PKCE S256 and `resource`, refresh with rotation) and an MCP Streamable HTTP resource server that
answers 401 with WWW-Authenticate until a valid bearer token comes (RFC 9728 metadata). It can
also serve over TLS, asking for client certificates, with OAuth off (the mutual TLS tests).

Prints its port on the first stdout line. /test/log shows what it was asked; /test/revoke and
/test/revoke-refresh forget tokens, so tests can drive refreshes and expiries without waiting.
"""

import argparse
import base64
import hashlib
import json
import secrets
import ssl
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--auth", choices=["oauth", "none"], default="oauth")
parser.add_argument("--iss", choices=["correct", "missing", "wrong"], default="correct")
parser.add_argument("--iss-not-advertised", action="store_true")
parser.add_argument("--no-pkce", action="store_true", help="metadata offers only the plain PKCE method")
parser.add_argument("--no-resource-metadata", action="store_true",
                    help="the 401 names no resource_metadata; the document is only at the root well-known path")
parser.add_argument("--issuer-path", default="", help="e.g. /tenant1: the issuer has a path")
parser.add_argument("--as-metadata", choices=["oauth", "oidc-inserted", "oidc-appended"], default="oauth",
                    help="which well-known URL serves the authorization server metadata")
parser.add_argument("--no-dcr", action="store_true")
parser.add_argument("--cimd", action="store_true", help="advertise client_id_metadata_document_supported")
parser.add_argument("--client-id", default=None, help="a pre-registered client")
parser.add_argument("--client-secret", default=None)
parser.add_argument("--expires-in", type=int, default=3600)
parser.add_argument("--scope", default="mcp:tools", help="the scope a 401 asks for")
parser.add_argument("--write-scope", default="files:write", help="the scope the write tool needs (403 otherwise)")
parser.add_argument("--tls-cert", default=None)
parser.add_argument("--tls-key", default=None)
parser.add_argument("--client-ca", default=None, help="require client certificates signed by this CA")
parser.add_argument("--bad-header-tool", action="store_true",
                    help="also list a tool whose x-mcp-header annotation is invalid (inside items)")
args = parser.parse_args()

lock = threading.Lock()
state = {
    "port": 0,
    "clients": {},        # client_id -> {"redirect_uris": [...], "secret": str|None, "application_type": str}
    "codes": {},          # code -> {...}
    "access": {},         # token -> {"client_id", "resource", "scope"}
    "refresh": {},        # token -> {"client_id", "resource", "scope"}
    "log": [],            # every request: method, path, query, form/json body
    "sessions": set(),
}
if args.client_id:
    state["clients"][args.client_id] = {"redirect_uris": None, "secret": args.client_secret,
                                        "application_type": "pre-registered"}


def scheme():
    return "https" if args.tls_cert else "http"


def origin():
    return f"{scheme()}://127.0.0.1:{state['port']}"


def issuer():
    return origin() + args.issuer_path


def resource():
    return origin() + "/mcp"


def as_metadata():
    doc = {
        "issuer": issuer(),
        "authorization_endpoint": origin() + "/authorize",
        "token_endpoint": origin() + "/token",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["plain"] if args.no_pkce else ["S256"],
        "token_endpoint_auth_methods_supported": ["none", "client_secret_basic", "client_secret_post"],
        "scopes_supported": [args.scope, args.write_scope, "offline_access"],
    }
    if not args.no_dcr:
        doc["registration_endpoint"] = origin() + "/register"
    if args.cimd:
        doc["client_id_metadata_document_supported"] = True
    if not args.iss_not_advertised:
        doc["authorization_response_iss_parameter_supported"] = True
    return doc


def as_metadata_path():
    path = args.issuer_path
    if args.as_metadata == "oauth":
        return "/.well-known/oauth-authorization-server" + path
    if args.as_metadata == "oidc-inserted":
        return "/.well-known/openid-configuration" + path
    return path + "/.well-known/openid-configuration"


def prm_paths():
    return ["/.well-known/oauth-protected-resource"] if args.no_resource_metadata else \
        ["/.well-known/oauth-protected-resource/mcp"]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def is_loopback_redirect(uri):
    parts = urllib.parse.urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost")


TOOLS = [
    {"name": "whoami", "description": "Says which client and scope the token has.",
     "inputSchema": {"type": "object", "properties": {}}},
    {"name": "write", "description": "Needs the write scope.",
     "inputSchema": {"type": "object", "properties": {}}},
]

BAD_TOOL = {"name": "bad", "description": "Its header annotation is inside an array's items.",
            "inputSchema": {"type": "object", "properties": {"tags": {
                "type": "array", "items": {"type": "string", "x-mcp-header": "Tag"}}}}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    # -- plumbing

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send(self, status, payload=None, headers=None, content_type="application/json"):
        data = b"" if payload is None else (payload if isinstance(payload, bytes) else json.dumps(payload).encode())
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if payload is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data:
            self.wfile.write(data)

    def record(self, extra=None):
        parts = urllib.parse.urlsplit(self.path)
        entry = {"method": self.command, "path": parts.path, "query": dict(urllib.parse.parse_qsl(parts.query))}
        auth = self.headers.get("Authorization")
        if auth:
            entry["authorization"] = auth
        if extra:
            entry.update(extra)
        with lock:
            state["log"].append(entry)
        return parts

    # -- verbs

    def do_GET(self):
        parts = self.record()
        path = parts.path
        if path == "/test/log":
            with lock:
                return self.send(200, {"log": state["log"], "clients": {
                    k: {"application_type": v["application_type"], "redirect_uris": v["redirect_uris"]}
                    for k, v in state["clients"].items()}})
        if path in prm_paths() and args.auth == "oauth":
            return self.send(200, {"resource": resource(), "authorization_servers": [issuer()],
                                   "scopes_supported": [args.scope]})
        if path == as_metadata_path() and args.auth == "oauth":
            return self.send(200, as_metadata())
        if path == "/authorize" and args.auth == "oauth":
            return self.authorize(dict(urllib.parse.parse_qsl(parts.query)))
        if path == "/mcp":
            if not self.authorized():
                return
            return self.send(405, {"error": "no GET stream"})
        self.send(404, {"error": "not found"})

    def do_DELETE(self):
        self.record()
        self.send(200, {})

    def do_POST(self):
        raw = self.body()
        parts = urllib.parse.urlsplit(self.path)
        path = parts.path
        if path == "/token":
            form = dict(urllib.parse.parse_qsl(raw.decode()))
            self.record({"form": form, "basic": self.headers.get("Authorization")})
            return self.token(form)
        if path == "/register":
            doc = json.loads(raw or b"{}")
            self.record({"json": doc})
            return self.register(doc)
        if path == "/test/revoke":
            self.record()
            with lock:
                state["access"].clear()
            return self.send(200, {})
        if path == "/test/revoke-refresh":
            self.record()
            with lock:
                state["access"].clear()
                state["refresh"].clear()
            return self.send(200, {})
        if path == "/mcp":
            message = json.loads(raw or b"null")
            self.record({"rpc": message.get("method") if isinstance(message, dict) else None})
            return self.mcp(message)
        self.record()
        self.send(404, {"error": "not found"})

    # -- the resource server

    def challenge(self, status=401, error=None, scope=None):
        params = []
        if error:
            params.append(f'error="{error}"')
        params.append(f'scope="{scope or args.scope}"')
        if not args.no_resource_metadata:
            params.append(f'resource_metadata="{origin()}/.well-known/oauth-protected-resource/mcp"')
        self.send(status, {"error": error or "unauthorized"}, {"WWW-Authenticate": "Bearer " + ", ".join(params)})

    def token_record(self):
        auth = self.headers.get("Authorization") or ""
        if not auth.startswith("Bearer "):
            return None
        with lock:
            record = state["access"].get(auth[7:])
        # The token must be for this resource (RFC 8707 audience).
        return record if record and record["resource"] == resource() else None

    def authorized(self):
        if args.auth == "none":
            return True
        if self.token_record() is None:
            self.challenge(error="invalid_token" if self.headers.get("Authorization") else None)
            return False
        return True

    def mcp(self, message):
        if not self.authorized():
            return
        if not isinstance(message, dict):
            return self.send(400, {"error": "not JSON-RPC"})
        method, rid = message.get("method"), message.get("id")
        if rid is None:
            return self.send(202)
        if method == "initialize":
            session = secrets.token_hex(8)
            with lock:
                state["sessions"].add(session)
            return self.send(200, {"jsonrpc": "2.0", "id": rid, "result": {
                "protocolVersion": "2025-11-25", "capabilities": {"tools": {}},
                "serverInfo": {"name": "oauth-fixture", "version": "1.0"}}}, {"Mcp-Session-Id": session})
        if method == "tools/list":
            tools = TOOLS + ([BAD_TOOL] if args.bad_header_tool else [])
            return self.send(200, {"jsonrpc": "2.0", "id": rid, "result": {"tools": tools}})
        if method == "ping":
            return self.send(200, {"jsonrpc": "2.0", "id": rid, "result": {}})
        if method == "tools/call":
            name = (message.get("params") or {}).get("name")
            record = self.token_record() or {"client_id": "-", "scope": ""}
            if name == "write" and args.auth == "oauth" and args.write_scope not in record["scope"].split():
                return self.challenge(403, "insufficient_scope", args.write_scope)
            text = f"client {record['client_id']} scope {record['scope']}" if name == "whoami" else "written"
            return self.send(200, {"jsonrpc": "2.0", "id": rid, "result": {
                "content": [{"type": "text", "text": text}]}})
        return self.send(200, {"jsonrpc": "2.0", "id": rid,
                               "error": {"code": -32601, "message": f"Method not found: {method}"}})

    # -- the authorization server

    def register(self, doc):
        uris = doc.get("redirect_uris") or []
        if not uris or not all(is_loopback_redirect(u) for u in uris):
            return self.send(400, {"error": "invalid_redirect_uri"})
        client_id = "dyn-" + secrets.token_hex(6)
        with lock:
            state["clients"][client_id] = {"redirect_uris": uris, "secret": None,
                                           "application_type": doc.get("application_type")}
        self.send(201, {"client_id": client_id, "redirect_uris": uris, "token_endpoint_auth_method": "none"})

    def redirect(self, uri, params):
        if args.iss == "correct":
            params["iss"] = issuer()
        elif args.iss == "wrong":
            params["iss"] = "https://evil.example"
        sep = "&" if "?" in uri else "?"
        self.send(302, None, {"Location": uri + sep + urllib.parse.urlencode(params)})

    def authorize(self, q):
        client_id, redirect_uri = q.get("client_id"), q.get("redirect_uri", "")
        with lock:
            client = state["clients"].get(client_id)
        if client is None and args.cimd and client_id and client_id.startswith("https://"):
            client = {"redirect_uris": None, "secret": None, "application_type": "metadata-document"}
        if client is None:
            return self.send(400, {"error": "unknown client"})
        allowed = client["redirect_uris"]
        if (allowed is not None and redirect_uri not in allowed) or not is_loopback_redirect(redirect_uri):
            return self.send(400, {"error": "redirect_uri not registered"})
        problem = None
        if q.get("response_type") != "code":
            problem = "response_type must be code"
        elif q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            problem = "PKCE S256 required"
        elif q.get("resource") != resource():
            problem = "resource must be " + resource()
        if problem:
            return self.redirect(redirect_uri, {"error": "invalid_request", "error_description": problem,
                                                "state": q.get("state", "")})
        code = secrets.token_urlsafe(16)
        with lock:
            state["codes"][code] = {"client_id": client_id, "redirect_uri": redirect_uri,
                                    "challenge": q["code_challenge"], "resource": q["resource"],
                                    "scope": q.get("scope", "")}
        self.redirect(redirect_uri, {"code": code, "state": q.get("state", "")})

    def client_auth(self, form):
        """The client id, checked against its secret when it has one; None when refused."""
        client_id, secret = form.get("client_id"), form.get("client_secret")
        basic = self.headers.get("Authorization") or ""
        if basic.startswith("Basic "):
            pair = base64.b64decode(basic[6:]).decode()
            client_id, _, secret = pair.partition(":")
            client_id, secret = urllib.parse.unquote_plus(client_id), urllib.parse.unquote_plus(secret)
        with lock:
            client = state["clients"].get(client_id)
        if client is None and args.cimd and client_id and client_id.startswith("https://"):
            return client_id
        if client is None or (client["secret"] is not None and client["secret"] != secret):
            return None
        return client_id

    def issue(self, client_id, resource_, scope):
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        with lock:
            state["access"][access] = {"client_id": client_id, "resource": resource_, "scope": scope}
            state["refresh"][refresh] = {"client_id": client_id, "resource": resource_, "scope": scope}
        self.send(200, {"access_token": access, "token_type": "Bearer", "expires_in": args.expires_in,
                        "refresh_token": refresh, "scope": scope}, {"Cache-Control": "no-store"})

    def token(self, form):
        client_id = self.client_auth(form)
        if client_id is None:
            return self.send(401, {"error": "invalid_client"})
        grant = form.get("grant_type")
        if grant == "authorization_code":
            with lock:
                code = state["codes"].pop(form.get("code", ""), None)
            if code is None or code["client_id"] != client_id or code["redirect_uri"] != form.get("redirect_uri"):
                return self.send(400, {"error": "invalid_grant", "error_description": "unknown code"})
            verifier = form.get("code_verifier", "")
            if b64url(hashlib.sha256(verifier.encode()).digest()) != code["challenge"]:
                return self.send(400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
            if form.get("resource") != code["resource"]:
                return self.send(400, {"error": "invalid_target", "error_description": "resource differs"})
            return self.issue(client_id, code["resource"], code["scope"])
        if grant == "refresh_token":
            with lock:
                record = state["refresh"].pop(form.get("refresh_token", ""), None)
            if record is None or record["client_id"] != client_id:
                return self.send(400, {"error": "invalid_grant", "error_description": "unknown refresh token"})
            if form.get("resource") != record["resource"]:
                return self.send(400, {"error": "invalid_target", "error_description": "resource differs"})
            return self.issue(client_id, record["resource"], record["scope"])
        self.send(400, {"error": "unsupported_grant_type"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
if args.tls_cert:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.tls_cert, args.tls_key)
    if args.client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(args.client_ca)
    server.socket = context.wrap_socket(server.socket, server_side=True)
state["port"] = server.server_address[1]
print(state["port"], flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    sys.exit(0)
