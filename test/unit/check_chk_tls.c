// SPDX-License-Identifier: GPL-2.0-or-later
/* SSL_GET's TLS decisions: the name a certificate must carry, the reason a
 * handshake failure logs, the SSL block in the model, and one shared
 * context per distinct SSL block and files. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "chk.h"
#include "chk_tls.h"
#include "suites.h"
#include "unit_cfg.h"

static union chk_sa v4(const char *a)
{
	union chk_sa ss = { 0 };
	struct sockaddr_in *s = &ss.in;

	s->sin_family = AF_INET;
	ck_assert_int_eq(inet_pton(AF_INET, a, &s->sin_addr), 1);
	return ss;
}

static union chk_sa v6(const char *a)
{
	union chk_sa ss = { 0 };
	struct sockaddr_in6 *s = &ss.in6;

	s->sin6_family = AF_INET6;
	ck_assert_int_eq(inet_pton(AF_INET6, a, &s->sin6_addr), 1);
	return ss;
}

START_TEST(no_ca_checks_no_name)
{
	union chk_sa t = v4("10.0.1.2");
	struct chk_tls_name n;

	chk_tls_peer_name(false, "www.example.org", true, &t, &n);
	ck_assert_int_eq(n.kind, CHK_TLS_NAME_NONE);
}
END_TEST

START_TEST(virtualhost_is_the_name)
{
	union chk_sa t = v4("10.0.1.2");
	struct chk_tls_name n;

	chk_tls_peer_name(true, "www.example.org", false, &t, &n);
	ck_assert_int_eq(n.kind, CHK_TLS_NAME_HOST);
	ck_assert_str_eq(n.name, "www.example.org");
	chk_tls_peer_name(true, "192.0.2.7", true, &t, &n);
	ck_assert_int_eq(n.kind, CHK_TLS_NAME_IP);
	ck_assert_str_eq(n.name, "192.0.2.7");
	chk_tls_peer_name(true, "2001:db8::7", false, &t, &n);
	ck_assert_int_eq(n.kind, CHK_TLS_NAME_IP);
}
END_TEST

START_TEST(sni_without_virtualhost_checks_the_address)
{
	union chk_sa t = v4("10.0.1.2"), t6 = v6("2001:db8::2");
	struct chk_tls_name n;

	chk_tls_peer_name(true, NULL, true, &t, &n);
	ck_assert_int_eq(n.kind, CHK_TLS_NAME_IP);
	ck_assert_str_eq(n.name, "10.0.1.2");
	chk_tls_peer_name(true, "", true, &t6, &n);
	ck_assert_int_eq(n.kind, CHK_TLS_NAME_IP);
	ck_assert_str_eq(n.name, "2001:db8::2");
	chk_tls_peer_name(true, NULL, false, &t, &n);
	ck_assert_int_eq(n.kind, CHK_TLS_NAME_NONE);
}
END_TEST

START_TEST(reasons)
{
	char buf[160], want[160];
	unsigned long e = ERR_PACK(ERR_LIB_SSL, 0, SSL_R_CERTIFICATE_VERIFY_FAILED);

	/* keeld has them once it made its first context */
	OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS, NULL);
	unsigned long reset = ERR_PACK(ERR_LIB_SSL, 0, SSL_R_UNEXPECTED_EOF_WHILE_READING);

	ck_assert(!chk_tls_reason(0, true, X509_V_OK, buf, sizeof(buf)));
	ck_assert(chk_tls_reason(e, true, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, buf, sizeof(buf)));
	snprintf(want, sizeof(want), "TLS: certificate verify failed: %s",
		 X509_verify_cert_error_string(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT));
	ck_assert_str_eq(buf, want);
	ck_assert(chk_tls_reason(0, true, X509_V_ERR_HOSTNAME_MISMATCH, buf, sizeof(buf)));
	ck_assert_str_eq(buf, "TLS: certificate verify failed: hostname mismatch");
	ck_assert(chk_tls_reason(e, true, X509_V_OK, buf, sizeof(buf)));
	ck_assert_str_eq(buf, "TLS: certificate verify failed");
	/* not verifying (no ca): a recorded verify result is no cause */
	ck_assert(chk_tls_reason(reset, false, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, buf, sizeof(buf)));
	ck_assert_str_eq(buf, "TLS: unexpected eof while reading");
	ck_assert(!chk_tls_reason(0, false, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, buf, sizeof(buf)));
}
END_TEST

/* A self-signed CA certificate written to path; extra bytes after it
 * change the file without changing what it holds. */
static void write_ca(const char *path, const char *extra)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	FILE *f = fopen(path, "w");

	ck_assert(k && x && f);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, k);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
				   (const unsigned char *)"unit-ca", -1, -1, 0);
	X509_set_issuer_name(x, X509_get_subject_name(x));
	ck_assert(X509_sign(x, k, EVP_sha256()) > 0);
	ck_assert(PEM_write_X509(f, x) == 1);
	fputs(extra, f);
	fclose(f);
	X509_free(x);
	EVP_PKEY_free(k);
}

START_TEST(ssl_block_in_the_model)
{
	char dir[] = "/tmp/keel-unit-tls-XXXXXX", ca[64], text[256];
	struct config *c;

	ck_assert(mkdtemp(dir));
	snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
	write_ca(ca, "");
	snprintf(text, sizeof(text), "SSL {\n  ca %s\n  password x\n}\n", ca);
	c = unit_cfg_load(text);
	ck_assert(c->global.ssl.set);
	ck_assert_str_eq(c->global.ssl.ca, ca);
	ck_assert_str_eq(c->global.ssl.password, "x");
	ck_assert_ptr_null(c->global.ssl.certificate);
	ck_assert_uint_eq(c->global.ssl.ca_where.line, 2);
	ck_assert_uint_eq(c->global.ssl.ca_where.col, 3);
	cfg_free(c);
	c = unit_cfg_load("global_defs {\n}\n");
	ck_assert(!c->global.ssl.set);
	cfg_free(c);
	unlink(ca);
	rmdir(dir);
}
END_TEST

START_TEST(one_context_per_block_and_files)
{
	char dir[] = "/tmp/keel-unit-tls-XXXXXX", ca[64];
	struct cfg_ssl none = { 0 }, s = { 0 };
	SSL_CTX *a, *b, *d, *n1, *n2;

	n1 = chk_tls_ctx_get(&none);
	n2 = chk_tls_ctx_get(&none);
	ck_assert_ptr_nonnull(n1);
	ck_assert_ptr_eq(n1, n2);
	ck_assert_int_eq(SSL_CTX_get_verify_mode(n1), SSL_VERIFY_NONE);

	ck_assert(mkdtemp(dir));
	snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
	write_ca(ca, "");
	s.set = true;
	s.ca = ca;
	a = chk_tls_ctx_get(&s);
	b = chk_tls_ctx_get(&s);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_eq(a, b);
	ck_assert_ptr_ne(a, n1);
	ck_assert(SSL_CTX_get_verify_mode(a) & SSL_VERIFY_PEER);
	write_ca(ca, "\n# replaced\n");	/* a new file at the same path */
	d = chk_tls_ctx_get(&s);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_ne(d, a);
	unlink(ca);
	ck_assert_ptr_null(chk_tls_ctx_get(&s));	/* gone: logged, no context */
	chk_tls_ctx_put(a);
	chk_tls_ctx_put(b);
	chk_tls_ctx_put(d);
	chk_tls_ctx_put(n1);
	chk_tls_ctx_put(n2);
	rmdir(dir);
}
END_TEST

Suite *chk_tls_suite(void)
{
	Suite *s = suite_create("chk_tls");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, no_ca_checks_no_name);
	tcase_add_test(tc, virtualhost_is_the_name);
	tcase_add_test(tc, sni_without_virtualhost_checks_the_address);
	tcase_add_test(tc, reasons);
	tcase_add_test(tc, ssl_block_in_the_model);
	tcase_add_test(tc, one_context_per_block_and_files);
	suite_add_tcase(s, tc);
	return s;
}
