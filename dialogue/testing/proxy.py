"""A reverse proxy as production runs one, and clients at addresses of their own,
all on loopback, for tests of what the application sees behind a proxy.

`ReverseProxy` forwards HTTP to the application and appends the address of the
connection it received to X-Forwarded-For, as nginx's $proxy_add_x_forwarded_for
does. `Relay` is a client's network: a plain TCP relay that connects to the proxy
from a loopback address of its own (127.0.0.2, 127.0.0.3…), so the proxy sees
distinct peers though every browser runs on this machine.
"""

from __future__ import annotations

import http.client
import socket
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}


class ReverseProxy:
    def __init__(self, upstream: str):
        target = urlsplit(upstream)
        host, port = target.hostname, target.port

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                seen = self.headers.get("X-Forwarded-For")
                headers["X-Forwarded-For"] = f"{seen}, {self.client_address[0]}" if seen else self.client_address[0]
                upstream = http.client.HTTPConnection(host, port, timeout=30)
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
                data = response.read()
                self.send_response(response.status, response.reason)
                for key, value in response.getheaders():
                    if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                upstream.close()

            do_GET = do_POST = do_HEAD = _forward

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Relay:
    """Listens on 127.0.0.1 and reaches `port` from `source` (a loopback address)."""

    def __init__(self, port: int, source: str):
        class Pipe(socketserver.BaseRequestHandler):
            def handle(self):
                upstream = socket.create_connection(("127.0.0.1", port), source_address=(source, 0))
                done = threading.Event()

                def pump(src, dst):
                    try:
                        while chunk := src.recv(65536):
                            dst.sendall(chunk)
                    except OSError:
                        pass
                    finally:
                        done.set()

                threading.Thread(target=pump, args=(upstream, self.request), daemon=True).start()
                pump(self.request, upstream)
                done.wait(30)
                upstream.close()

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Pipe)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
