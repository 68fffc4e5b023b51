/*
 * insnprof: a QEMU TCG plugin that counts executed guest instructions per
 * instruction address (QEMU 7.2, plugin API version 1).
 *
 * Every instruction gets an inline "add 1" on its own counter, so a trap that
 * leaves a translation block early is counted exactly (a per-block count
 * would charge the whole block). Counters are keyed by virtual address; the
 * runner (runner/bench.py) maps addresses to the monitor's functions with the
 * ELF symbol table and to privilege modes by address region.
 *
 * Arguments (-plugin libinsnprof.so,arg=...):
 *   out=FILE    write the profile there (default: QEMU's log, needs -d plugin)
 *   start=HEX   open a measurement window when the instruction at HEX runs
 *   stop=HEX    close it when the instruction at HEX runs
 * With a window, the per-address counts are those of instructions executed
 * while a window was open (summed over every window), and "windows N" says
 * how many closed. Without one, they are whole-run counts.
 *
 * Output, one record per line: "insnprof 1", "total N", "windows N", then
 * "HEXADDR COUNT" for every address with a non-zero count.
 *
 * The counters are plain 64-bit adds: exact with one vCPU, approximate with
 * several under MTTCG (concurrent adds may be lost).
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

struct site {
	uint64_t vaddr;
	uint64_t count;		/* executions so far (inline add) */
	uint64_t base;		/* count when the current window opened */
	uint64_t window;	/* executions inside closed windows */
};

/*
 * Sites live in chunks that never move (QEMU holds pointers to .count in
 * translated code); an open-addressing index of pointers finds them by
 * address and is rebuilt when it is half full.
 */
#define CHUNK_SITES 4096

struct chunk {
	struct chunk *next;
	unsigned used;
	struct site sites[CHUNK_SITES];
};

static struct chunk *chunks;
static struct site **index_tab;
static size_t index_cap, nb_sites;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static bool have_start, have_stop, window_open;
static uint64_t start_addr, stop_addr, nb_windows;
static char *out_path;

static size_t slot_of(uint64_t vaddr, size_t cap)
{
	/* Instruction addresses are 2-byte aligned: mix the bits (64-bit golden ratio) */
	return (size_t)((vaddr * 0x9e3779b97f4a7c15ULL) >> 20) & (cap - 1);
}

static void index_put(struct site **tab, size_t cap, struct site *s)
{
	size_t i = slot_of(s->vaddr, cap);

	while (tab[i])
		i = (i + 1) & (cap - 1);
	tab[i] = s;
}

static void index_grow(void)
{
	size_t cap = index_cap ? 2 * index_cap : 1 << 16;
	struct site **tab = calloc(cap, sizeof(*tab));

	if (!tab) {
		fprintf(stderr, "insnprof: out of memory\n");
		abort();
	}
	for (size_t i = 0; i < index_cap; i++)
		if (index_tab[i])
			index_put(tab, cap, index_tab[i]);
	free(index_tab);
	index_tab = tab;
	index_cap = cap;
}

static struct site *site_get(uint64_t vaddr)
{
	struct site *s;
	size_t i;

	if (2 * (nb_sites + 1) > index_cap)
		index_grow();
	for (i = slot_of(vaddr, index_cap); index_tab[i]; i = (i + 1) & (index_cap - 1))
		if (index_tab[i]->vaddr == vaddr)
			return index_tab[i];
	if (!chunks || chunks->used == CHUNK_SITES) {
		struct chunk *c = calloc(1, sizeof(*c));

		if (!c) {
			fprintf(stderr, "insnprof: out of memory\n");
			abort();
		}
		c->next = chunks;
		chunks = c;
	}
	s = &chunks->sites[chunks->used++];
	s->vaddr = vaddr;
	index_tab[i] = s;
	nb_sites++;
	return s;
}

#define FOR_EACH_SITE(s)                                              \
	for (struct chunk *c_ = chunks; c_; c_ = c_->next)            \
		for (struct site *s = c_->sites; s < c_->sites + c_->used; s++)

/* Whether the marker instructions' own executions fall inside the window is
 * the same for every window; the runner divides by many iterations. */
static void on_start(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	pthread_mutex_lock(&lock);
	if (!window_open) {
		FOR_EACH_SITE(s)
			s->base = s->count;
		window_open = true;
	}
	pthread_mutex_unlock(&lock);
}

static void on_stop(unsigned int vcpu, void *udata)
{
	(void)vcpu;
	(void)udata;
	pthread_mutex_lock(&lock);
	if (window_open) {
		FOR_EACH_SITE(s)
			s->window += s->count - s->base;
		window_open = false;
		nb_windows++;
	}
	pthread_mutex_unlock(&lock);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
		struct site *s = site_get(vaddr);

		if (have_start && vaddr == start_addr)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_start,
							       QEMU_PLUGIN_CB_NO_REGS, NULL);
		if (have_stop && vaddr == stop_addr)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_stop,
							       QEMU_PLUGIN_CB_NO_REGS, NULL);
		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
							   &s->count, 1);
	}
	pthread_mutex_unlock(&lock);
}

static void emit(FILE *f)
{
	bool windowed = have_start && have_stop;
	uint64_t total = 0;

	FOR_EACH_SITE(s)
		total += windowed ? s->window : s->count;
	fprintf(f, "insnprof 1\ntotal %" PRIu64 "\nwindows %" PRIu64 "\n", total, nb_windows);
	FOR_EACH_SITE(s) {
		uint64_t n = windowed ? s->window : s->count;

		if (n)
			fprintf(f, "%" PRIx64 " %" PRIu64 "\n", s->vaddr, n);
	}
}

static void on_exit_cb(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	pthread_mutex_lock(&lock);
	if (out_path) {
		FILE *f = fopen(out_path, "w");

		if (!f) {
			perror(out_path);
		} else {
			emit(f);
			fclose(f);
		}
	} else {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		if (f) {
			emit(f);
			fclose(f);
			qemu_plugin_outs(buf);
			free(buf);
		}
	}
	pthread_mutex_unlock(&lock);
}

static bool parse_hex(const char *s, uint64_t *out)
{
	char *end;

	*out = strtoull(s, &end, 16);
	return *s && !*end;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	(void)info;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strncmp(a, "out=", 4)) {
			out_path = strdup(a + 4);
		} else if (!strncmp(a, "start=", 6) && parse_hex(a + 6, &start_addr)) {
			have_start = true;
		} else if (!strncmp(a, "stop=", 5) && parse_hex(a + 5, &stop_addr)) {
			have_stop = true;
		} else {
			fprintf(stderr, "insnprof: bad argument '%s' (out=FILE, start=HEX, stop=HEX)\n", a);
			return -1;
		}
	}
	if (have_start != have_stop) {
		fprintf(stderr, "insnprof: start= and stop= go together\n");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
	return 0;
}
