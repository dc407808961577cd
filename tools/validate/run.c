// SPDX-License-Identifier: GPL-2.0
/*
 * The inputs of one run.  A path is a file or a directory: a directory is
 * walked (in name order) for .o, .ko and .a files, and anything else under
 * it is skipped (so are thin archives and other machines' objects, see
 * foreign_to_walk); what is given by name is checked whatever it is.
 * An input that cannot be read whole is one line on stderr and trouble for
 * main(); the others are still checked.  Inputs are only ever read.
 */
#include <ar.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gate.h"
#include "par.h"
#include "pool.h"
#include "report.h"
#include "run.h"
#include "sframegen.h"
#include "stages.h"
#include "validate/validate.h"
#include "validate/vec.h"

#define THIN_MAGIC	"!<thin>\n"
#define AR_MAGIC_LEN	8
#define AR_HDR_LEN	60
/* -j: a file smaller than this is read whole by its worker, not mapped */
#define JOB_READ_MAX	(4 << 20)
/*
 * -j: the most bytes of object files validated and waiting for a slower
 * object before them to be printed.  An analysis holds about twice its
 * file in memory (vmlinux.o: 69 MB, 115 MiB peak), so this is about 256
 * MiB held beside the slow one.
 */
#define JOB_HELD_MAX	((size_t)128 << 20)

void run_init(struct run *run, const struct options *opts)
{
	memset(run, 0, sizeof(*run));
	run->opts = opts;
	run->dis = arch_disasm_open();
}

static void close_workers(struct run *run)
{
	unsigned int i;

	for (i = 0; i < run->nr_workers; i++)
		arch_disasm_close(run->workers[i]);
	free(run->workers);
	run->workers = NULL;
	run->nr_workers = 0;
}

int run_jobs(struct run *run, unsigned int nr)
{
	run->workers = calloc(nr, sizeof(*run->workers));
	if (!run->workers)
		return -1;
	for (run->nr_workers = 0; run->nr_workers < nr; run->nr_workers++) {
		run->workers[run->nr_workers] = arch_disasm_open();
		if (!run->workers[run->nr_workers])
			break;
	}
	if (run->nr_workers == nr)
		run->pool = pool_open(nr, (void **)run->workers, JOB_HELD_MAX);
	if (!run->pool) {
		close_workers(run);
		return -1;
	}
	return 0;
}

/* An input that could not be checked, said now: the run's own thread, or
 * a job's commit (its turn). */
static void say_trouble(struct run *run, const char *name, const char *what)
{
	fprintf(stderr, "%s: error: validate: %s\n", name, what);
	run->trouble = true;
	if (run->gate)
		gate_trouble(run->gate, name, what);
}

static void trouble_later(struct run *run, const char *name, const char *what);

/* An input that could not be checked, said in its turn among the objects. */
static void trouble(struct run *run, const char *name, const char *what)
{
	if (run->pool)
		trouble_later(run, name, what);
	else
		say_trouble(run, name, what);
}

static void trouble_errno(struct run *run, const char *name, const char *what,
			  int err)
{
	char msg[300];

	snprintf(msg, sizeof(msg), "%s: %s", what, strerror(err));
	trouble(run, name, msg);
}

/* A validated object's findings and counts, and the copy --write-sframe
 * makes while the walk's results are alive. */
static void object_out(struct run *run, struct ctx *ctx, const char *name,
		       struct stage_clock *clock)
{
	stage_enter(clock, STAGE_OUTPUT);
	if (!run->gate)
		report_findings(ctx, stdout);
	else if (gate_object(run->gate, ctx))
		say_trouble(run, name, "out of memory");
	if (run->opts->stats)
		report_stats(ctx, stderr);
	run->findings |= ctx->nr_findings > 0;
	/* name is the file given (archives and directories are refused before) */
	if (run->opts->write_sframe) {
		stage_enter(clock, STAGE_WRITE_SFRAME);
		if (sframe_write(ctx, name, stderr))
			say_trouble(run, name, ctx->err);
	}
	if (run->times) {
		run->times->objects++;
		run->times->insns += ctx->stats.insns;
		run->times->split_objects += ctx->stats.split_objects;
		run->times->split_alone += ctx->stats.split_alone;
		if (ctx->stats.split_threads > run->times->split_threads)
			run->times->split_threads = ctx->stats.split_threads;
	}
}

/*
 * Loads and validates one object: 0, or -1 with the reason in why and
 * nothing left to free.  log: where --verbose's notes go.
 */
static int analyse(const struct options *opts, struct arch_disasm *dis,
		   Elf *elf, const char *name, FILE *log,
		   struct stage_clock *clock, struct object *obj,
		   struct ctx *ctx, char *why, size_t len)
{
	stage_enter(clock, STAGE_LOAD);
	if (object_load(obj, elf, name, opts->jobs, par_min_words(opts), why, len)) {
		object_free(obj);
		return -1;
	}
	stage_enter(clock, STAGE_CONTEXT);
	if (ctx_init(ctx, opts, obj, dis, opts->dump_cfi ? stdout : NULL))
		goto fail;
	ctx->log = log;
	if (validate_object(ctx, clock))
		goto fail;
	return 0;
fail:
	snprintf(why, len, "%s", ctx->err[0] ? ctx->err : "out of memory");
	stage_enter(clock, STAGE_FREE);
	ctx_free(ctx);
	object_free(obj);
	return -1;
}

static void check_elf(struct run *run, Elf *elf, const char *name)
{
	struct stage_clock clock;
	struct object obj;
	struct ctx ctx;
	char why[256];

	stage_clock_init(&clock, run->times);
	if (analyse(run->opts, run->dis, elf, name, stderr, &clock, &obj, &ctx,
		    why, sizeof(why))) {
		trouble(run, name, why);
	} else {
		object_out(run, &ctx, name, &clock);
		stage_enter(&clock, STAGE_FREE);
		ctx_free(&ctx);
		object_free(&obj);
	}
	stage_stop(&clock);
}

/*
 * -j: an object validated on a worker thread, or a message (trouble, a
 * report file to read) waiting its turn among the objects.  The worker
 * opens the file itself: the listing thread has only read its magic.
 */
struct job {
	struct pool_item item;		/* first: the item is the job */
	struct run *run;
	char *name;
	char *path;			/* the file to open; a report file */
	char *why;			/* a message, or the object's trouble */
	bool report;			/* path is a report file to read */
	char *log;			/* --verbose's notes */
	size_t log_len;
	int fd;
	Elf *elf;
	/* validated: the results; allocated by the worker, so that what
	 * waits to be taken (every input of a tree) stays small */
	struct analysis {
		struct object obj;
		struct ctx ctx;
	} *an;
};

static void job_close(struct job *j)
{
	if (j->elf)
		elf_end(j->elf);
	if (j->fd >= 0)
		close(j->fd);
	j->elf = NULL;
	j->fd = -1;
}

static void job_free(struct job *j)
{
	job_close(j);
	free(j->an);
	free(j->name);
	free(j->path);
	free(j->why);
	free(j->log);
	free(j);
}

/*
 * Opens the object again (archives stay on the run's thread: see
 * check_elf_file).  A small file is read, not mapped: unmapping it again
 * would stop the other threads to flush their TLBs (about 8% of the CPU
 * time over the modules); a large one (vmlinux.o) is mapped, as one thread
 * does, for its memory.
 */
static int job_open(struct job *j, char *why, size_t len)
{
	Elf_Cmd cmd = ELF_C_READ_MMAP;
	struct stat st;

	j->fd = open(j->path, O_RDONLY | O_NONBLOCK);
	if (j->fd < 0) {
		snprintf(why, len, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (!fstat(j->fd, &st) && st.st_size < JOB_READ_MAX)
		cmd = ELF_C_READ;
	j->elf = elf_begin(j->fd, cmd, NULL);
	if (!j->elf) {
		snprintf(why, len, "cannot read: %s", elf_errmsg(-1));
		return -1;
	}
	return 0;
}

static void job_work(struct pool_item *item, void *worker)
{
	struct job *j = (struct job *)item;
	struct stage_clock clock;
	struct analysis *an;
	FILE *log = stderr;
	char why[256];

	stage_clock_init(&clock, NULL);
	/* no results, no why: job_commit says out of memory */
	an = malloc(sizeof(*an));
	if (!an || (j->run->opts->verbose &&
		    !(log = open_memstream(&j->log, &j->log_len)))) {
		free(an);
		return;
	}
	if (job_open(j, why, sizeof(why)) ||
	    analyse(j->run->opts, worker, j->elf, j->name, log, &clock,
		    &an->obj, &an->ctx, why, sizeof(why))) {
		j->why = strdup(why);
		free(an);
		job_close(j);
	} else {
		an->ctx.log = stderr;
		j->an = an;
		/*
		 * What waits its turn holds no descriptor (a slow object in
		 * front, 16 objects a thread behind it, and ulimit -n is
		 * reached): libelf reads what it has not yet.
		 */
		if (!elf_cntl(j->elf, ELF_C_FDREAD)) {
			close(j->fd);
			j->fd = -1;
		}
	}
	if (log != stderr)
		fclose(log);
}

static void read_report(struct run *run, const char *path);

static void job_commit(struct pool_item *item)
{
	struct job *j = (struct job *)item;

	if (j->log)
		fwrite(j->log, 1, j->log_len, stderr);
	if (j->report) {
		read_report(j->run, j->path);
	} else if (!j->an) {
		say_trouble(j->run, j->name, j->why ? j->why : "out of memory");
	} else {
		struct stage_clock clock;

		stage_clock_init(&clock, NULL);
		/* the worker's disassembler is busy with its next object;
		 * commits are one at a time, so they share the run's */
		j->an->ctx.dis = j->run->dis;
		object_out(j->run, &j->an->ctx, j->name, &clock);
		ctx_free(&j->an->ctx);
		object_free(&j->an->obj);
	}
	job_free(j);
}

static struct job *job_new(struct run *run, const char *name,
			   const char *path)
{
	struct job *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->item.commit = job_commit;
	j->run = run;
	j->fd = -1;
	j->name = strdup(name);
	j->path = path ? strdup(path) : NULL;
	if (!j->name || (path && !j->path)) {
		job_free(j);
		return NULL;
	}
	return j;
}

/* Queued; when it cannot be, the run ends in trouble (run_end says so). */
static void submit(struct run *run, struct job *j)
{
	if (!j || pool_submit(run->pool, &j->item)) {
		if (j)
			job_free(j);
		run->lost_jobs = true;
	}
}

static void trouble_later(struct run *run, const char *name, const char *what)
{
	struct job *j = job_new(run, name, NULL);

	if (j && !(j->why = strdup(what))) {
		job_free(j);
		j = NULL;
	}
	submit(run, j);
}

/* -j: an object file of size bytes, validated on a worker. */
static void submit_object(struct run *run, const char *path, const char *name,
			  off_t size)
{
	struct job *j = job_new(run, name, path);

	if (j) {
		j->item.work = job_work;
		j->item.weight = (size_t)size;
	}
	submit(run, j);
}

void run_end(struct run *run)
{
	if (run->pool) {
		pool_close(run->pool);
		run->pool = NULL;
		close_workers(run);
	}
	if (run->lost_jobs)
		say_trouble(run, "validate", "out of memory: objects left unchecked");
	arch_disasm_close(run->dis);
	run->dis = NULL;
}

/* Archives (libc.a): every member is an object of its own. */
static void check_archive(struct run *run, int fd, Elf *ar, const char *path)
{
	Elf_Cmd cmd = ELF_C_READ_MMAP;
	Elf *m;

	while ((m = elf_begin(fd, cmd, ar)) != NULL) {
		Elf_Arhdr *h = elf_getarhdr(m);
		const char *member = h && h->ar_name ? h->ar_name : "?";
		size_t len = strlen(path) + strlen(member) + 3;
		char *name = malloc(len);

		/* "/", "//", "/SYM64/": the archive's own index and names */
		if (member[0] == '/') {
			free(name);
		} else if (name) {
			snprintf(name, len, "%s(%s)", path, member);
			check_elf(run, m, name);
			free(name);
		} else {
			trouble(run, path, "out of memory");
		}
		cmd = elf_next(m);
		elf_end(m);
	}
}

static void check_elf_file(struct run *run, int fd, const char *path,
			   const char *name);

/*
 * A thin archive (ar T; Kbuild's built-in.a and lib.a) names its members
 * by path, relative to the archive's directory, and holds none of their
 * bytes: read the names (long ones from the "//" table) and check the
 * files.  A member that cannot be read is one line; the others go on.
 */
struct thin {
	const char *path;	/* the archive */
	const unsigned char *p;
	size_t size, pos;
	const char *names;	/* the "//" table */
	size_t names_len;
};

static bool thin_field(const unsigned char *h, size_t off, size_t len,
		       unsigned long *v)
{
	char buf[16];
	char *end;

	memcpy(buf, h + off, len);
	buf[len] = '\0';
	*v = strtoul(buf, &end, 10);
	return end != buf;
}

/*
 * The member name at a header: "name/" padded with spaces, or "/N", the
 * offset of "path/\n" in the names table (GNU ar keeps every name with a
 * slash there).
 */
static int thin_name(const struct thin *t, const unsigned char *h, char *out,
		     size_t len)
{
	const char *n = (const char *)h;
	unsigned long off;
	size_t end = 16;

	if (h[0] == '/') {
		if (!thin_field(h, 1, 15, &off) || !t->names || off >= t->names_len)
			return -1;
		n = t->names + off;
		for (end = 0; off + end < t->names_len && n[end] != '\n'; end++)
			;
		if (off + end == t->names_len)
			return -1;
	} else {
		while (end && n[end - 1] == ' ')
			end--;
	}
	if (end && n[end - 1] == '/')
		end--;
	if (!end || end + 1 > len)
		return -1;
	memcpy(out, n, end);
	out[end] = '\0';
	return 0;
}

static void check_thin_member(struct run *run, const char *archive,
			      const char *member)
{
	const char *slash = strrchr(archive, '/');
	int dir = member[0] == '/' || !slash ? 0 : (int)(slash - archive) + 1;
	size_t len = strlen(archive) + strlen(member) + 3;
	char *path = malloc(len), *name = malloc(len);
	int fd;

	if (!path || !name) {
		trouble(run, archive, "out of memory");
		goto out;
	}
	snprintf(path, len, "%.*s%s", dir, archive, member);
	snprintf(name, len, "%s(%s)", archive, member);
	fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		trouble_errno(run, name, "cannot open the member", errno);
		goto out;
	}
	check_elf_file(run, fd, path, name);
	close(fd);
out:
	free(path);
	free(name);
}

static void check_thin(struct run *run, const unsigned char *p, size_t size,
		       const char *path)
{
	struct thin t = { .path = path, .p = p, .size = size, .pos = AR_MAGIC_LEN };
	char member[PATH_MAX];

	while (t.pos + AR_HDR_LEN <= t.size) {
		const unsigned char *h = t.p + t.pos;
		unsigned long msize;

		if (memcmp(h + 58, "`\n", 2) || !thin_field(h, 48, 10, &msize)) {
			trouble(run, path, "corrupt thin archive: a member header is malformed");
			return;
		}
		t.pos += AR_HDR_LEN;
		/* the symbol table and the names table hold their bytes */
		if (h[0] == '/' && (h[1] == ' ' || h[1] == '/' || !memcmp(h, "/SYM64/", 7))) {
			if (msize > t.size - t.pos) {
				trouble(run, path, "truncated thin archive");
				return;
			}
			if (h[1] == '/') {
				t.names = (const char *)t.p + t.pos;
				t.names_len = msize;
			}
			t.pos += msize + (msize & 1);
			continue;
		}
		if (thin_name(&t, h, member, sizeof(member))) {
			trouble(run, path, "corrupt thin archive: a member name is malformed");
			return;
		}
		check_thin_member(run, path, member);
	}
	if (t.pos != t.size)
		trouble(run, path, "truncated thin archive");
}

/* An open regular file: an object, an archive or a thin archive. */
static void check_elf_file(struct run *run, int fd, const char *path,
			   const char *name)
{
	unsigned char magic[AR_MAGIC_LEN];
	struct pool *pool = run->pool;
	struct stat st;
	ssize_t got;
	bool thin;
	Elf *elf;

	if (fstat(fd, &st)) {
		trouble_errno(run, name, "cannot read", errno);
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		trouble(run, name, S_ISDIR(st.st_mode) ? "is a directory" :
			"not a regular file");
		return;
	}
	got = pread(fd, magic, sizeof(magic), 0);
	thin = got == AR_MAGIC_LEN && !memcmp(magic, THIN_MAGIC, AR_MAGIC_LEN);
	/* -j: only an archive is opened here, for its members; an object (or
	 * what libelf will refuse) is opened by its worker */
	if (run->pool && !thin &&
	    !(got == SARMAG && !memcmp(magic, ARMAG, SARMAG))) {
		submit_object(run, path, name, st.st_size);
		return;
	}
	if (thin) {
		unsigned char *p;

		if (run->opts->write_sframe) {
			trouble(run, name, "--write-sframe writes one object, not an archive");
			return;
		}
		p = malloc(st.st_size ? st.st_size : 1);

		if (!p || pread(fd, p, st.st_size, 0) != st.st_size)
			trouble_errno(run, name, "cannot read", p ? errno : ENOMEM);
		else
			check_thin(run, p, st.st_size, path);
		free(p);
		return;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	/*
	 * -j: an archive (the magic said so) is checked on this thread, member
	 * after member, once everything before it is out: a worker would open
	 * the archive again for each member (libc.a: 2.5 times the time of
	 * one thread), and libelf's members of one archive cannot be opened
	 * and closed on several threads at once.
	 */
	if (elf && pool) {
		pool_drain(pool);
		run->pool = NULL;
	}
	if (!elf) {
		char msg[300];

		snprintf(msg, sizeof(msg), "cannot read: %s", elf_errmsg(-1));
		trouble(run, name, msg);
	} else if (elf_kind(elf) == ELF_K_AR && run->opts->write_sframe) {
		trouble(run, name, "--write-sframe writes one object, not an archive");
	} else if (elf_kind(elf) == ELF_K_AR) {
		check_archive(run, fd, elf, name);
	} else {
		check_elf(run, elf, name);
	}
	run->pool = pool;
	elf_end(elf);
}

/* A build wrapper's report: read back, not validated again. */
static void read_report(struct run *run, const char *path)
{
	char err[512];

	/* the gate has recorded the error for the summary */
	if (gate_report_file(run->gate, path, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		run->trouble = true;
	}
}

/* A file given or found: opened without blocking (a FIFO with no writer). */
static void check_file(struct run *run, const char *path)
{
	int fd;

	if (run->gate && gate_is_report(path) && !run->pool) {
		read_report(run, path);
		return;
	}
	if (run->gate && gate_is_report(path)) {
		/* -j: read in its turn among the objects */
		struct job *j = job_new(run, path, path);

		if (j)
			j->report = true;
		submit(run, j);
		return;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK);

	if (fd < 0) {
		trouble_errno(run, path, "cannot open", errno);
		return;
	}
	check_elf_file(run, fd, path, path);
	close(fd);
}

/*
 * What a walk passes over without a word, though its name says object: a
 * thin archive (its members are found by the walk itself; checking them
 * twice would count every finding twice) and an ELF object of another
 * machine (a kernel tree's host programs, the 32-bit compat vDSO).
 */
static bool foreign_to_walk(const char *path)
{
	unsigned char h[20];
	unsigned int machine;
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	ssize_t got;

	if (fd < 0)
		return false;	/* check_file says why */
	got = pread(fd, h, sizeof(h), 0);
	close(fd);
	if (got >= AR_MAGIC_LEN && !memcmp(h, THIN_MAGIC, AR_MAGIC_LEN))
		return true;
	if (got != (ssize_t)sizeof(h) || memcmp(h, ELFMAG, SELFMAG))
		return false;
	if (h[EI_DATA] == ELFDATA2LSB)
		machine = h[18] | h[19] << 8;
	else if (h[EI_DATA] == ELFDATA2MSB)
		machine = h[18] << 8 | h[19];
	else
		return false;
	return machine != arch_elf_machine();
}

/* What a directory walk checks: objects, modules and archives. */
static bool object_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 2 && !strcmp(name + n - 2, ".o")) ||
	       (n > 3 && !strcmp(name + n - 3, ".ko")) ||
	       (n > 2 && !strcmp(name + n - 2, ".a"));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a directory, sorted: the output does not depend on it. */
static char **list_dir(const char *path, size_t *nr, int *err)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **names = NULL;
	size_t alloc = 0;

	*nr = 0;
	if (!d) {
		*err = errno;
		return NULL;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (VEC_GROW(names, alloc, *nr))
			break;
		names[*nr] = strdup(e->d_name);
		if (!names[*nr])
			break;
		(*nr)++;
	}
	*err = e ? ENOMEM : 0;
	closedir(d);
	if (*nr > 1)
		qsort(names, *nr, sizeof(*names), cmp_str);
	return names;
}

/*
 * Walk a directory: objects by name, subdirectories in turn (symbolic
 * links are not followed: no loops).  The number of objects found.
 */
static unsigned long walk_dir(struct run *run, const char *path)
{
	unsigned long found = 0;
	size_t nr, i;
	char **names;
	int err;

	names = list_dir(path, &nr, &err);
	if (err)
		trouble_errno(run, path, "cannot read the directory", err);
	for (i = 0; i < nr; i++) {
		size_t len = strlen(path) + strlen(names[i]) + 2;
		char *sub = malloc(len);
		struct stat st;

		if (!sub) {
			trouble(run, path, "out of memory");
			break;
		}
		snprintf(sub, len, "%s%s%s", path,
			 path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
		if (lstat(sub, &st)) {
			trouble_errno(run, sub, "cannot read", errno);
		} else if (S_ISDIR(st.st_mode)) {
			found += walk_dir(run, sub);
		} else if (S_ISREG(st.st_mode) && run->gate &&
			   gate_is_report(names[i])) {
			found++;
			check_file(run, sub);
		} else if (S_ISREG(st.st_mode) && object_name(names[i]) &&
			   !foreign_to_walk(sub)) {
			found++;
			check_file(run, sub);
		}
		free(sub);
	}
	for (i = 0; i < nr; i++)
		free(names[i]);
	free(names);
	return found;
}

void run_path(struct run *run, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && run->opts->write_sframe) {
		trouble(run, path, "--write-sframe writes one object, not a directory");
		return;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (!walk_dir(run, path))
			trouble(run, path, "no objects (.o, .ko, .a) in the directory");
		return;
	}
	check_file(run, path);
}

void run_memory(struct run *run, void *buf, size_t len, const char *name)
{
	Elf *elf = elf_memory(buf, len);

	if (!elf) {
		char msg[300];

		snprintf(msg, sizeof(msg), "cannot read: %s", elf_errmsg(-1));
		trouble(run, name, msg);
		return;
	}
	if (elf_kind(elf) == ELF_K_AR) {
		Elf_Cmd cmd = ELF_C_READ_MMAP;
		Elf *m;

		/* a member of an archive in memory */
		while ((m = elf_begin(-1, cmd, elf)) != NULL) {
			Elf_Arhdr *h = elf_getarhdr(m);

			if (h && h->ar_name && h->ar_name[0] != '/')
				check_elf(run, m, name);
			cmd = elf_next(m);
			elf_end(m);
		}
	} else {
		check_elf(run, elf, name);
	}
	elf_end(elf);
}
