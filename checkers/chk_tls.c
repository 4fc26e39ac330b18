// SPDX-License-Identifier: GPL-2.0-or-later
/* SSL_GET's pure TLS decisions (see chk_tls.h). */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include "chk.h"
#include "chk_tls.h"

static bool is_ip(const char *s)
{
	unsigned char b[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}

void chk_tls_peer_name(bool verify, const char *vhost, bool enable_sni,
		       const union chk_sa *target, struct chk_tls_name *out)
{
	const struct sockaddr_in *s4 = &target->in;
	const struct sockaddr_in6 *s6 = &target->in6;

	out->kind = CHK_TLS_NAME_NONE;
	out->name[0] = '\0';
	if (!verify)
		return;
	if (vhost && *vhost) {
		out->kind = is_ip(vhost) ? CHK_TLS_NAME_IP : CHK_TLS_NAME_HOST;
		snprintf(out->name, sizeof(out->name), "%s", vhost);
		return;
	}
	if (!enable_sni)
		return;
	if (target->sa.sa_family == AF_INET6)
		inet_ntop(AF_INET6, &s6->sin6_addr, out->name, sizeof(out->name));
	else if (target->sa.sa_family == AF_INET)
		inet_ntop(AF_INET, &s4->sin_addr, out->name, sizeof(out->name));
	else
		return;
	out->kind = CHK_TLS_NAME_IP;
}

bool chk_tls_reason(unsigned long err, bool verifying, long verify, char *buf, size_t len)
{
	const char *r;

	if (verifying && verify != X509_V_OK) {
		snprintf(buf, len, "TLS: certificate verify failed: %s",
			 X509_verify_cert_error_string(verify));
		return true;
	}
	if (!err)
		return false;
	r = ERR_reason_error_string(err);
	snprintf(buf, len, "TLS: %s", r ? r : "error");
	return true;
}
