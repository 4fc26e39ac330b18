// SPDX-License-Identifier: GPL-2.0-or-later
/* What one read of the configuration depended on besides its options: the
 * files it opened (or failed to open), the include patterns it expanded
 * with what they matched, the node name, and whether it drew ${_RANDOM}.
 * keeld keeps a parse made in the background and uses it on SIGHUP only
 * when a fresh probe of these inputs equals the record (cfg_inputs_same):
 * then parsing now would read the same bytes and give the same result. */
#ifndef KEEL_CFG_INPUTS_H
#define KEEL_CFG_INPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* stat(2) of one path as the read saw it; err != 0: stat failed so. */
struct cfg_input_file {
	char *path;
	int err;
	dev_t dev;
	ino_t ino;
	mode_t mode;
	off_t size;
	int64_t mtime_ns, ctime_ns;
};

/* One glob(3) pattern an include expanded, with its result. */
struct cfg_input_glob {
	char *pattern;
	int rc;
	char **paths;
	size_t npaths;
};

struct cfg_inputs {
	struct cfg_input_file *files;
	size_t nfiles, capfiles;
	struct cfg_input_glob *globs;
	size_t nglobs, capglobs;
	char *node;		/* uname's nodename when the read used it, else NULL */
	bool random;		/* ${_RANDOM} was drawn: no two reads are alike */
	bool oom;		/* the record is incomplete */
	int64_t started_ns;	/* CLOCK_REALTIME when the read began */
};

/* Files changed this close before the read began may change again with the
 * same timestamps (the kernel stamps files with a coarse clock): such a
 * record is not trusted. */
#define CFG_INPUTS_RACY_NS (50 * 1000000LL)

/* True when a file was stamped that close to the read (or after it). */
bool cfg_inputs_racy(const struct cfg_inputs *in);

struct cfg_inputs *cfg_inputs_new(void);
void cfg_inputs_free(struct cfg_inputs *in);

/* Recording, during a read. st NULL: stat(path) now. Out of memory marks
 * the record incomplete. */
struct stat;
void cfg_inputs_file(struct cfg_inputs *in, const char *path, const struct stat *st);
void cfg_inputs_glob(struct cfg_inputs *in, const char *pattern, int rc, char **paths, size_t n);
void cfg_inputs_node(struct cfg_inputs *in, const char *node);
/* Whether in records files only: no pattern, node name or random draw. */
bool cfg_inputs_files_only(const struct cfg_inputs *in);
/* Adds the files from (files only) records after those of in, as if they
 * had been recorded there. */
void cfg_inputs_append_files(struct cfg_inputs *in, const struct cfg_inputs *from);

/* The same paths, patterns and node name observed now. NULL: out of memory. */
struct cfg_inputs *cfg_inputs_probe(const struct cfg_inputs *held);

/* Pure: true when a read now would see exactly what the held read saw.
 * Otherwise false with *why (static text) saying what differs. */
bool cfg_inputs_same(const struct cfg_inputs *held, const struct cfg_inputs *now,
		     const char **why);
/* Pure: the two records list the same files with the same stat, the same
 * pattern matches and node name (whether either can be trusted aside). */
bool cfg_inputs_equal(const struct cfg_inputs *a, const struct cfg_inputs *b);

#endif
