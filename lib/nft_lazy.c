// SPDX-License-Identifier: GPL-2.0-or-later
/* libnftables, loaded when keeld first asks for an nftables context (a
 * VRRP instance that must drop VIP traffic) rather than at start. Linked,
 * it and what it pulls in (libnftnl, libmnl, libgmp, libxtables,
 * libjansson) cost every keeld ~600 kB resident at start, and most never
 * use it. These stand in for the library's functions under their own
 * names; without the library nft_ctx_new() is NULL, which its callers
 * already take as "nftables is not available". */
#include "config.h"

#include <dlfcn.h>
#include <nftables/libnftables.h>
#include <pthread.h>
#include <stdbool.h>

#include "log.h"

#define NFT_SONAME "libnftables.so.1"

static struct {
	void *h;
	struct nft_ctx *(*ctx_new)(uint32_t flags);
	void (*ctx_free)(struct nft_ctx *ctx);
	int (*buffer_error)(struct nft_ctx *ctx);
	const char *(*get_error_buffer)(struct nft_ctx *ctx);
	int (*run_cmd_from_buffer)(struct nft_ctx *nft, const char *buf);
} lib;

/* dlsym gives an object pointer; POSIX lets it be read as a function's */
static bool sym(void *fn, const char *name)
{
	void *p = dlsym(lib.h, name);

	*(void **)fn = p;
	return p != NULL;
}

static void load(void)
{
	lib.h = dlopen(NFT_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (lib.h && sym(&lib.ctx_new, "nft_ctx_new") && sym(&lib.ctx_free, "nft_ctx_free") &&
	    sym(&lib.buffer_error, "nft_ctx_buffer_error") &&
	    sym(&lib.get_error_buffer, "nft_ctx_get_error_buffer") &&
	    sym(&lib.run_cmd_from_buffer, "nft_run_cmd_from_buffer"))
		return;
	log_warnx("nftables: cannot load %s: %s", NFT_SONAME, dlerror());
	if (lib.h)
		dlclose(lib.h);
	lib.h = NULL;
}

/* Once, whichever thread asks first (VRRP has a loop thread of its own). */
static bool loaded(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, load);
	return lib.h != NULL;
}

struct nft_ctx *nft_ctx_new(uint32_t flags)
{
	return loaded() ? lib.ctx_new(flags) : NULL;
}

/* The others are called only with a context nft_ctx_new() gave. */
void nft_ctx_free(struct nft_ctx *ctx)
{
	if (ctx)
		lib.ctx_free(ctx);
}

int nft_ctx_buffer_error(struct nft_ctx *ctx)
{
	return lib.buffer_error(ctx);
}

const char *nft_ctx_get_error_buffer(struct nft_ctx *ctx)
{
	return lib.get_error_buffer(ctx);
}

int nft_run_cmd_from_buffer(struct nft_ctx *nft, const char *buf)
{
	return lib.run_cmd_from_buffer(nft, buf);
}
