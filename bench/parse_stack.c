// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * parse_stack: how much stack keeld's config pre-parse (preparse_run, the
 * work of the keel-preparse thread) uses on a given file. The parse runs
 * on a thread whose stack this program maps itself, with a guard page
 * below it, fills with a pattern beforehand and scans afterwards: the
 * deepest byte no longer holding the pattern is the high-water mark. It
 * counts what libc keeps at the top of a thread's stack (its descriptor,
 * TLS) too, as the thread's real stack must hold that.
 *
 * usage: parse_stack FILE [STACK_KB]     (default 8192 kB)
 * Prints "FILE: N errors, stack used U bytes of S"; a stack too small
 * for the parse ends in SIGSEGV on the guard page.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cfg_diag.h"
#include "preparse.h"

#define PATTERN 0xa5

struct job {
	const char *path;
	unsigned errors;
};

static void *parse(void *arg)
{
	struct job *j = arg;
	struct preparse_result *r = preparse_run(j->path, NULL, false);

	if (!r) {
		fprintf(stderr, "parse_stack: out of memory\n");
		exit(1);
	}
	j->errors = cfg_diag_errors(r->diag);
	preparse_result_free(r);
	return NULL;
}

/* The stack grows down: the first byte from the bottom that changed. */
__attribute__((no_sanitize_address))
static size_t high_water(const unsigned char *stack, size_t size)
{
	size_t i = 0;

	while (i < size && stack[i] == PATTERN)
		i++;
	return size - i;
}

int main(int argc, char **argv)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size;
	struct job j = { 0 };
	pthread_attr_t attr;
	pthread_t tid;
	unsigned char *map;
	int rc;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: parse_stack FILE [STACK_KB]\n");
		return 2;
	}
	j.path = argv[1];
	size = (argc == 3 ? strtoul(argv[2], NULL, 10) : 8192) * 1024;
	size = (size + page - 1) / page * page;
	map = mmap(NULL, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || mprotect(map, page, PROT_NONE) < 0) {
		perror("parse_stack: mmap");
		return 1;
	}
	memset(map + page, PATTERN, size);
	pthread_attr_init(&attr);
	pthread_attr_setstack(&attr, map + page, size);
	rc = pthread_create(&tid, &attr, parse, &j);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		fprintf(stderr, "parse_stack: pthread_create: %s\n", strerror(rc));
		return 1;
	}
	pthread_join(tid, NULL);
	printf("%s: %u errors, stack used %zu bytes of %zu\n", j.path, j.errors,
	       high_water(map + page, size), size);
	return 0;
}
