#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Makes the TLS files the ssl-*.conf cases name, in ./tls of the current
# directory (run.sh runs it in its copy of the corpus): a CA, and a client
# certificate it signed with its key encrypted under "right-password".
# Made at test time so that no private key is kept in the tree.
set -eu
mkdir -p tls
cd tls
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
	-out ca.pem -days 2 -subj /CN=keel-config-errors-ca 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -passout pass:right-password \
	-keyout client.key -out client.csr -subj /CN=keel-config-errors-client 2>/dev/null
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
	-out client.pem 2>/dev/null
