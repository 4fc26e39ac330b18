#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A small SMTP sink for lab tests: each mail it takes becomes one JSON
line (helo, from, to, data with the dots unstuffed) in OUT.

  smtp-sink.py ADDR PORT OUT [--silent]

--silent accepts connections and never says a word (a hung server)."""
import json
import socketserver
import sys
import threading

ADDR, PORT, OUT = sys.argv[1], int(sys.argv[2]), sys.argv[3]
SILENT = "--silent" in sys.argv[4:]
LOCK = threading.Lock()


class Session(socketserver.StreamRequestHandler):
    def say(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def read_data(self):
        lines = []
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line == ".":
                return "\r\n".join(lines) + "\r\n"
            lines.append(line[1:] if line.startswith(".") else line)
        return None

    def handle(self):
        if SILENT:
            self.rfile.read()      # until the client gives up
            return
        mail = {"helo": None, "from": None, "to": []}
        self.say("220 sink ESMTP")
        for raw in self.rfile:
            cmd = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = cmd[:4].upper()
            if verb in ("HELO", "EHLO"):
                mail["helo"] = cmd[5:]
                self.say("250 sink")
            elif cmd.upper().startswith("MAIL FROM:"):
                mail["from"] = cmd[10:]
                self.say("250 ok")
            elif cmd.upper().startswith("RCPT TO:"):
                mail["to"].append(cmd[8:])
                self.say("250 ok")
            elif verb == "DATA":
                self.say("354 go on")
                data = self.read_data()
                if data is None:
                    return
                mail["data"] = data
                with LOCK, open(OUT, "a") as f:
                    f.write(json.dumps(mail) + "\n")
                self.say("250 queued")
                mail = {"helo": mail["helo"], "from": None, "to": []}
            elif verb == "QUIT":
                self.say("221 bye")
                return
            elif verb in ("RSET", "NOOP"):
                self.say("250 ok")
            else:
                self.say("502 what")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


Server((ADDR, PORT), Session).serve_forever()
