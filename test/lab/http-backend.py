#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A web backend for keeld's HTTP_GET / SSL_GET lab test.

http-backend.py DIR [CERT KEY]: HTTP on port 80 and, with CERT and KEY,
HTTPS on 443. Every answer follows the file DIR/mode, read per request:
"ok" (default), "500" (status 500, the right body), "wrongbody" (status
200, another body) or "chunkwrong" (another body for /chunked-re alone).
"/" answers with Content-Length, "/chunked" and "/chunked-re" in chunks.
Each request appends "PORT HOST-HEADER VERSION" to DIR/requests, each TLS
handshake its SNI name to DIR/sni; DIR/ready appears once both listen.
"""
import http.server
import ssl
import sys
import threading

BODY = b"hello from the keel lab backend\n"
WRONG = b"something else entirely\n"


def main():
    work = sys.argv[1]

    def mode():
        try:
            with open(work + "/mode") as f:
                return f.read().strip()
        except OSError:
            return "ok"

    def note(name, line):
        with open(work + "/" + name, "a") as f:
            f.write(line + "\n")

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            m = mode()
            note("requests", "%d %s %s" % (self.server.server_port,
                                           self.headers.get("Host"), self.request_version))
            wrong = m == "wrongbody" or (m == "chunkwrong" and self.path == "/chunked-re")
            body = WRONG if wrong else BODY
            self.send_response(500 if m == "500" else 200)
            self.send_header("Connection", "close")
            if self.path.startswith("/chunked"):
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for i in range(0, len(body), 7):
                    part = body[i:i + 7]
                    self.wfile.write(b"%x;n=%d\r\n%s\r\n" % (len(part), i, part))
                self.wfile.write(b"0\r\nX-Trailer: t\r\n\r\n")
            else:
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

    servers = [http.server.ThreadingHTTPServer(("0.0.0.0", 80), Handler)]
    if len(sys.argv) > 3:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
        ctx.sni_callback = lambda sock, name, c: note("sni", str(name))
        tls = http.server.ThreadingHTTPServer(("0.0.0.0", 443), Handler)
        tls.socket = ctx.wrap_socket(tls.socket, server_side=True)
        servers.append(tls)
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    note("ready", "yes")
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
