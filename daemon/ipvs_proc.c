// SPDX-License-Identifier: GPL-2.0-or-later
/* A digest of /proc/net/ip_vs (see ipvs_proc.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "hash_rng.h"
#include "ipvs_proc.h"
#include "netns.h"

void ipvs_proc_digest_init(struct ipvs_proc_digest *d)
{
	d->hash = FNV1A_INIT;
	d->len = 0;
}

/* A line's words, one space apart; a dest line ("-> ADDR:PORT FWD WEIGHT
 * ACTIVE INACTIVE") without its two connection counters, which move all
 * the time. */
static void digest_line(struct ipvs_proc_digest *d, const char *p, size_t n)
{
	const char *w[8];
	size_t wl[8], nw = 0, keep;

	for (size_t i = 0; i < n && nw < 8;) {
		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i == n)
			break;
		w[nw] = p + i;
		while (i < n && p[i] != ' ' && p[i] != '\t')
			i++;
		wl[nw] = (size_t)(p + i - w[nw]);
		nw++;
	}
	keep = nw == 6 && wl[0] == 2 && memcmp(w[0], "->", 2) == 0 ? 4 : nw;
	for (size_t i = 0; i < keep; i++)
		d->hash = fnv1a_add(fnv1a_add(d->hash, w[i], wl[i]), " ", 1);
	d->hash = fnv1a_add(d->hash, "\n", 1);
}

void ipvs_proc_digest_feed(struct ipvs_proc_digest *d, const char *p, size_t n)
{
	while (n) {
		const char *nl = memchr(p, '\n', n);
		size_t take = nl ? (size_t)(nl - p) : n;

		if (d->len + take >= sizeof(d->line)) {
			/* a line this long is none of the kernel's: digest it as it comes */
			d->hash = fnv1a_add(fnv1a_add(d->hash, d->line, d->len), p, take);
			d->len = 0;
		} else {
			memcpy(d->line + d->len, p, take);
			d->len += take;
		}
		if (!nl)
			return;
		digest_line(d, d->line, d->len);
		d->len = 0;
		p += take + 1;
		n -= take + 1;
	}
}

uint64_t ipvs_proc_digest_end(struct ipvs_proc_digest *d)
{
	if (d->len)
		digest_line(d, d->line, d->len);
	d->len = 0;
	return d->hash;
}

int ipvs_proc_read(const char *path, uint64_t *digest)
{
	struct ipvs_proc_digest d;
	char buf[16384];
	ssize_t n;
	int fd = netns_ipvs_open_file(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return fd;
	ipvs_proc_digest_init(&d);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		ipvs_proc_digest_feed(&d, buf, (size_t)n);
	if (n < 0) {
		int rc = -errno;
		close(fd);
		return rc;
	}
	close(fd);
	*digest = ipvs_proc_digest_end(&d);
	return 0;
}
