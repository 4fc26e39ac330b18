// SPDX-License-Identifier: GPL-2.0-or-later
/* The subagent's entry points in keeld: they load the module holding the
 * subagent (keel-snmp.so, linked with net-snmp) the first time SNMP is
 * enabled, and hand each call on. Without SNMP no net-snmp library is
 * ever mapped into keeld. The module sits next to keeld (a build tree) or
 * in keel's libexec directory (an installed one). */
#include "config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "snmp_agent.h"

#define SNMP_MODULE "keel-snmp.so"

static struct {
	void *h;
	struct snmp_agent *(*new_agent)(struct event_base *, const struct config *, bool,
					const struct snmp_agent_src *);
	void (*reload)(struct snmp_agent *, const struct config *);
	void (*free_agent)(struct snmp_agent *);
	void (*vrrp_change)(struct snmp_agent *, const struct vrrp_state_change *);
	void (*server_change)(struct snmp_agent *, size_t, size_t);
} mod;

/* keeld's own directory, then the installed place */
static void *open_module(void)
{
	char exe[PATH_MAX], path[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	void *h;

	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/'))) {
			*slash = '\0';
			snprintf(path, sizeof(path), "%s/%s", exe, SNMP_MODULE);
			if (access(path, R_OK) == 0 && (h = dlopen(path, RTLD_NOW | RTLD_LOCAL)))
				return h;
			if (access(path, R_OK) == 0)
				log_warnx("snmp: cannot load %s: %s", path, dlerror());
		}
	}
	snprintf(path, sizeof(path), "%s/%s", KEEL_PKGLIBEXECDIR, SNMP_MODULE);
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		log_warnx("snmp: cannot load the subagent: %s", dlerror());
	return h;
}

static bool load(void)
{
	if (mod.h)
		return true;
	mod.h = open_module();
	if (!mod.h)
		return false;
	*(void **)&mod.new_agent = dlsym(mod.h, "snmp_module_new");
	*(void **)&mod.reload = dlsym(mod.h, "snmp_module_reload");
	*(void **)&mod.free_agent = dlsym(mod.h, "snmp_module_free");
	*(void **)&mod.vrrp_change = dlsym(mod.h, "snmp_module_vrrp_change");
	*(void **)&mod.server_change = dlsym(mod.h, "snmp_module_server_change");
	if (mod.new_agent && mod.reload && mod.free_agent && mod.vrrp_change && mod.server_change)
		return true;
	log_warnx("snmp: %s lacks its entry points", SNMP_MODULE);
	dlclose(mod.h);
	mod.h = NULL;
	return false;
}

struct snmp_agent *snmp_agent_new(struct event_base *base, const struct config *cfg, bool force,
				  const struct snmp_agent_src *src)
{
	return load() ? mod.new_agent(base, cfg, force, src) : NULL;
}

void snmp_agent_reload(struct snmp_agent *a, const struct config *cfg)
{
	if (a)
		mod.reload(a, cfg);
}

void snmp_agent_free(struct snmp_agent *a)
{
	if (a)
		mod.free_agent(a);
}

void snmp_agent_vrrp_change(struct snmp_agent *a, const struct vrrp_state_change *c)
{
	if (a)
		mod.vrrp_change(a, c);
}

void snmp_agent_server_change(struct snmp_agent *a, size_t v, size_t r)
{
	if (a)
		mod.server_change(a, v, r);
}
