// SPDX-License-Identifier: GPL-2.0-or-later
/* read_ahead (cfg_reader.h): the reader runs on a thread of its own and
 * hands whole lines to the caller's thread in chunks, so reading a big
 * file (a third of its parse) overlaps with building the model from it.
 *
 * What the caller sees is what a reader on its own thread gives: the same
 * tokens and locations, and its diagnostics in the same order among the
 * parser's. The reader's diagnostics go to a chunk of their own that
 * starts with the line during whose reading they were made, and are
 * reported when the caller takes that line's first token: the moment a
 * reader on the caller's thread would have made them. Its interned file
 * names and its record of inputs join the caller's when it ends. */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_reader_int.h"

/* Big chunks: every hand-over may wake a thread, which is dear under
 * emulation (the lab VM); two queued bound the memory (about 200 kB a
 * chunk, reused). */
#define CHUNK_TOKS 4096
#define CHUNK_TEXT (32 * 1024)
#define QUEUE_MAX 2
/* As daemon/preparse.c's worker: expansion depth bounds the reader's
 * stack, bench/parse-stack.sh measured 27 kB at most. */
#define READER_STACK (256 * 1024)

struct note {
	bool error;
	char *line;
};

struct chunk {
	struct chunk *next;
	struct cfg_token *toks;
	size_t ntoks, captoks;
	char *text;
	size_t used, captext;
	struct note *notes;	/* reported when the caller enters the chunk */
	size_t nnotes, capnotes;
	bool eof;		/* its last token is the EOF token */
};

struct cfg_pipe {
	struct cfg_reader *rd;		/* the thread's */
	struct cfg_diag *rdiag;		/* rd's: names interned, lines sunk to pending */
	struct cfg_diag *diag;		/* the caller's */
	struct cfg_inputs *inputs, *rinputs;
	struct note *pending;		/* made while reading the line not yet handed on */
	size_t npending, cappending;
	bool pending_lost;
	struct chunk *making;		/* the thread's */
	struct chunk *cur;		/* the caller's */
	pthread_t thread;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t ready, room;
	struct chunk *head, *tail, *spare;
	unsigned queued;
	bool done, failed, stop;
	bool unbounded;			/* no thread: read here, all at once */
	bool ended;			/* the caller was given the EOF token */
};

static void notes_free(struct note *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].line);
}

static void chunk_free(struct chunk *c)
{
	if (!c)
		return;
	notes_free(c->notes, c->nnotes);
	free(c->notes);
	free(c->toks);
	free(c->text);
	free(c);
}

static void chunk_reset(struct chunk *c)
{
	c->next = NULL;
	c->ntoks = c->used = c->nnotes = 0;
	c->eof = false;
}

static bool reserve(void **v, size_t *cap, size_t need, size_t size)
{
	size_t ncap = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return true;
	while (ncap < need)
		ncap *= 2;
	p = realloc(*v, ncap * size);
	if (!p)
		return false;
	*v = p;
	*cap = ncap;
	return true;
}

/* The reader's diagnostic lines, kept until the line being read is handed on. */
static void sink(void *arg, bool error, char *line)
{
	struct cfg_pipe *p = arg;

	if (!reserve((void **)&p->pending, &p->cappending, p->npending + 1, sizeof(*p->pending))) {
		free(line);
		p->pending_lost = true;
		return;
	}
	p->pending[p->npending++] = (struct note){ error, line };
}

/* ---- the reader's thread ------------------------------------------------ */

/* Hands the chunk being made to the caller and starts another; false when
 * the caller stopped listening or memory ran out. */
static bool publish(struct cfg_pipe *p)
{
	struct chunk *c = p->making;
	bool stop;

	pthread_mutex_lock(&p->mu);
	if (p->tail)
		p->tail->next = c;
	else
		p->head = c;
	p->tail = c;
	p->queued++;
	pthread_cond_signal(&p->ready);
	while (p->queued >= QUEUE_MAX && !p->stop && !p->unbounded)
		pthread_cond_wait(&p->room, &p->mu);
	stop = p->stop;
	p->making = p->spare;
	if (p->spare)
		p->spare = p->spare->next;
	pthread_mutex_unlock(&p->mu);
	if (!p->making)
		p->making = calloc(1, sizeof(*p->making));
	if (p->making)
		chunk_reset(p->making);
	return !stop && p->making;
}

/* Adds one line's tokens (and the diagnostics made while reading it) to
 * the chunk being made, handing that on first when the line does not fit
 * or has diagnostics to go before it. */
static bool add_line(struct cfg_pipe *p, const struct cfg_token *v, size_t n)
{
	struct chunk *c = p->making;
	size_t text = 0;

	for (size_t i = 0; i < n; i++)
		text += v[i].len + 1;
	if (c->ntoks && (p->npending || p->pending_lost || c->ntoks + n > CHUNK_TOKS ||
			 c->used + text > CHUNK_TEXT)) {
		if (!publish(p))
			return false;
		c = p->making;
	}
	if (!reserve((void **)&c->toks, &c->captoks, c->ntoks + n, sizeof(*c->toks)) ||
	    !reserve((void **)&c->text, &c->captext, c->used + text, 1) ||
	    !reserve((void **)&c->notes, &c->capnotes, c->nnotes + p->npending + p->pending_lost,
		     sizeof(*c->notes)))
		return false;
	for (size_t i = 0; i < p->npending; i++)
		c->notes[c->nnotes++] = p->pending[i];
	if (p->pending_lost)
		c->notes[c->nnotes++] = (struct note){ true, NULL };
	p->npending = 0;
	p->pending_lost = false;
	for (size_t i = 0; i < n; i++) {
		struct cfg_token *t = &c->toks[c->ntoks++];

		*t = v[i];
		memcpy(c->text + c->used, v[i].text, v[i].len);
		c->text[c->used + v[i].len] = '\0';
		t->text = (const char *)(uintptr_t)c->used;	/* made a pointer on entry */
		c->used += v[i].len + 1;
	}
	return true;
}

static void *reader_main(void *arg)
{
	struct cfg_pipe *p = arg;
	bool ok = true;

	for (;;) {
		const struct cfg_token *t = cfg_reader_line(p->rd);
		bool eof = t->kind == CFG_TOK_EOF;

		if (!(ok = add_line(p, eof ? t : p->rd->toks, eof ? 1 : p->rd->ntoks)))
			break;
		if (eof) {
			p->making->eof = true;
			ok = publish(p);
			break;
		}
	}
	pthread_mutex_lock(&p->mu);
	p->done = true;
	p->failed = !ok && !p->stop;
	pthread_cond_signal(&p->ready);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* ---- the caller's side -------------------------------------------------- */

static struct cfg_token *eof_token(struct cfg_reader *front, const struct cfg_loc *loc)
{
	front->eof_tok = (struct cfg_token){ CFG_TOK_EOF, "", 0, false, *loc };
	front->toks = NULL;
	front->itok = front->ntoks = 0;
	return &front->eof_tok;
}

const struct cfg_token *cfg_pipe_next(struct cfg_reader *front)
{
	struct cfg_pipe *p = front->pipe;
	struct chunk *c;

	if (p->ended)
		return &front->eof_tok;
	pthread_mutex_lock(&p->mu);
	if (p->cur) {
		/* its last line's EOL was taken before this call: no token of
		 * it is still in use (cfg_reader.h) */
		p->cur->next = p->spare;
		p->spare = p->cur;
		p->cur = NULL;
	}
	while (!p->head && !p->done)
		pthread_cond_wait(&p->ready, &p->mu);
	c = p->head;
	if (c) {
		p->head = c->next;
		c->next = NULL;
		if (!p->head)
			p->tail = NULL;
		p->queued--;
		pthread_cond_signal(&p->room);
	}
	pthread_mutex_unlock(&p->mu);
	if (!c) {
		static const struct cfg_loc nowhere = { NULL, 0, 0 };

		cfg_diag_error(p->diag, NULL, "out of memory");
		p->ended = true;
		return eof_token(front, &nowhere);
	}
	p->cur = c;
	for (size_t i = 0; i < c->nnotes; i++)
		cfg_diag_add_line(p->diag, c->notes[i].error, c->notes[i].line);
	c->nnotes = 0;
	for (size_t i = 0; i < c->ntoks; i++)
		c->toks[i].text = c->text + (uintptr_t)c->toks[i].text;
	front->toks = c->toks;
	front->ntoks = c->ntoks;
	front->itok = 1;
	if (c->eof) {
		front->eof_tok = c->toks[c->ntoks - 1];
		p->ended = true;	/* the EOF token is this chunk's last */
	}
	return &c->toks[0];
}

static void chain_free(struct chunk *c)
{
	while (c) {
		struct chunk *next = c->next;

		chunk_free(c);
		c = next;
	}
}

static void pipe_destroy(struct cfg_pipe *p)
{
	chain_free(p->head);
	chain_free(p->spare);
	chunk_free(p->cur);
	chunk_free(p->making);
	notes_free(p->pending, p->npending);
	free(p->pending);
	cfg_reader_free(p->rd);
	if (p->rdiag) {
		/* tokens handed on point at names it interned */
		cfg_diag_adopt_names(p->diag, p->rdiag);
		cfg_diag_free(p->rdiag);
	}
	cfg_inputs_absorb(p->inputs, p->rinputs);
	cfg_inputs_free(p->rinputs);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->ready);
	pthread_cond_destroy(&p->room);
	free(p);
}

void cfg_pipe_free(struct cfg_pipe *p)
{
	if (!p)
		return;
	if (p->started) {
		pthread_mutex_lock(&p->mu);
		p->stop = true;
		pthread_cond_signal(&p->room);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->thread, NULL);
	}
	pipe_destroy(p);
}

/* The diagnostics of a reader that did not start, reported now. */
static void report_pending(struct cfg_pipe *p)
{
	for (size_t i = 0; i < p->npending; i++)
		cfg_diag_add_line(p->diag, p->pending[i].error, p->pending[i].line);
	p->npending = 0;
	if (p->pending_lost)
		cfg_diag_add_line(p->diag, true, NULL);
}

struct cfg_reader *cfg_pipe_open(const char *path, const char *text,
				 const struct cfg_reader_opts *opts, struct cfg_diag *diag)
{
	struct cfg_pipe *p = calloc(1, sizeof(*p));
	struct cfg_reader *front = calloc(1, sizeof(*front));
	struct cfg_reader_opts ro = *opts;
	pthread_attr_t attr;

	if (!p || !front || !(p->rdiag = cfg_diag_new()) ||
	    !(p->making = calloc(1, sizeof(*p->making))) ||
	    (opts->inputs && !(p->rinputs = cfg_inputs_new()))) {
		if (p)
			cfg_diag_free(p->rdiag), free(p->making), free(p);
		free(front);
		cfg_diag_error(diag, NULL, "out of memory");
		return NULL;
	}
	p->diag = diag;
	p->inputs = opts->inputs;
	if (p->rinputs)
		p->rinputs->started_ns = p->inputs->started_ns;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->ready, NULL);
	pthread_cond_init(&p->room, NULL);
	cfg_diag_set_sink(p->rdiag, sink, p);
	ro.read_ahead = false;
	ro.inputs = p->rinputs;
	p->rd = cfg_reader_open_here(path, text, &ro, p->rdiag);
	if (!p->rd) {
		report_pending(p);
		pipe_destroy(p);
		free(front);
		return NULL;
	}
	front->pipe = p;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, READER_STACK);
	p->started = pthread_create(&p->thread, &attr, reader_main, p) == 0;
	pthread_attr_destroy(&attr);
	if (!p->started) {
		/* no thread: read it all here, the tokens are the same */
		p->unbounded = true;
		reader_main(p);
	}
	return front;
}
