// SPDX-License-Identifier: GPL-2.0
/*
 * validate-cc: a compiler wrapper that runs validate on each arm64 object a
 * compile writes, the way Kbuild runs objtool after every compile on x86.
 *
 *	make ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
 *	     CC="validate-cc aarch64-linux-gnu-gcc"
 *
 * The first argument is the compiler command (it may be a launcher such as
 * ccache); it gets the original arguments, environment and standard streams,
 * and its exit status is the wrapper's. Anything but a successful -c compile
 * that wrote an object (probes, -E, -S, -M, --version, -print-*, links) is a
 * plain exec of the compiler. Documentation/kbuild.md, validate-cc.1.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "validate/arch.h"

#define PROG		"validate-cc"
#define EXIT_USAGE	2
#define EXIT_NOEXEC	126
#define EXIT_NOTFOUND	127
#define RSP_DEPTH	16	/* nested @file levels */
#define REPORT_NAME_MAX	200	/* room for validate's temporary name */

extern char **environ;

static const char usage[] =
"Usage: validate-cc COMPILER [ARG]...\n"
"Run COMPILER (which may be a launcher such as ccache) with ARGs; when it\n"
"compiled (-c) an arm64 ELF object successfully, run validate on it and\n"
"print its findings on standard error. The compiler's exit status is kept.\n"
"\n"
"Environment:\n"
"  VALIDATE_FLAGS       options for validate, split at blanks\n"
"  VALIDATE_WERROR=1    a finding fails the compile and removes the object\n"
"  VALIDATE_REPORT_DIR  one JSON Lines report per object in this directory\n"
"  VALIDATE_DISABLE=1   run the compiler only\n"
"\n"
"validate is looked up beside validate-cc, then in PATH.\n"
"Documentation/kbuild.md, validate-cc(1)\n";

/* Suffixes of the inputs -c compiles into an object, as GCC and Clang. */
static const char *const source_suffixes[] = {
	"c", "i", "ii", "m", "mi", "mm", "M", "mii",
	"cc", "cp", "cxx", "cpp", "CPP", "c++", "C",
	"s", "S", "sx",
	"f", "for", "ftn", "F", "FOR", "fpp", "FPP", "FTN",
	"f90", "f95", "f03", "f08", "F90", "F95", "F03", "F08",
	"go", "ads", "adb", "ll", "bc", "cl", "cu",
	NULL
};

/* Inputs -c turns into precompiled headers, not objects. */
static const char *const header_suffixes[] = {
	"h", "hh", "H", "hp", "hxx", "hpp", "HPP", "h++", "tcc", NULL
};

/*
 * Options whose argument is the next word. An argument taken for an input
 * only matters when it looks like a source file (-include x.h, -MF x.d).
 */
static const char *const separate_arg_options[] = {
	"-MF", "-MT", "-MQ", "-I", "-iquote", "-isystem", "-idirafter",
	"-include", "-imacros", "-iprefix", "-iwithprefix",
	"-iwithprefixbefore", "-isysroot", "-imultilib", "-imultiarch",
	"-D", "-U", "-A", "-B", "-L", "-l", "-T", "-u", "-z", "-e",
	"-Xlinker", "-Xassembler", "-Xpreprocessor", "-Xclang", "-Xanalyzer",
	"-mllvm", "-target", "-arch", "-aux-info", "--param", "-dumpbase",
	"-dumpbase-ext", "-dumpdir", "-wrapper", "-specs", "--sysroot",
	"-include-pch", "-ivfsoverlay", "-resource-dir", "-gcc-toolchain",
	"-serialize-diagnostics", "-Xopenmp-target", "--include",
	"--include-directory", "--define-macro", "--undefine-macro",
	"--assert", "--prefix", "--library-directory", "--for-linker",
	"--include-prefix", "--include-with-prefix", "--imacros",
	"--include-barrier", "--dump",
	NULL
};

/* Options after which the compiler writes no object. */
static const char *const no_object_options[] = {
	"-fsyntax-only", "-###", "--version", "--target-help", "-dumpversion",
	"-dumpfullversion", "-dumpmachine", "-dumpspecs", "-M", "-MM",
	"--dependencies", "--user-dependencies", "-E", "--preprocess",
	"-S", "--assemble",
	NULL
};

static const char *const no_object_prefixes[] = {
	"-print-", "--print-", "--help", NULL
};

struct strvec {
	char **v;
	size_t n, cap;
};

/* What the command line asks the compiler for. */
struct compile {
	bool compile_only;		/* -c */
	bool no_object;			/* -E, -S, -M, queries, -### */
	bool probe;			/* an input is /dev/null or stdin */
	const char *output;		/* the last -o */
	struct strvec sources;		/* inputs -c makes objects of */
	struct strvec words;		/* argv with @files expanded */
	struct strvec buffers;		/* response files' text */
};

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p) {
		fprintf(stderr, PROG ": error: out of memory\n");
		exit(EXIT_USAGE);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xrealloc(NULL, n), s, n);
}

static void strvec_push(struct strvec *sv, char *s)
{
	if (sv->n + 1 >= sv->cap) {
		sv->cap = sv->cap ? 2 * sv->cap : 16;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

static void strvec_free(struct strvec *sv, bool strings)
{
	size_t i;

	if (strings)
		for (i = 0; i < sv->n; i++)
			free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static bool has_prefix(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strncmp(s, *list, strlen(*list)))
			return true;
	return false;
}

static bool env_on(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0");
}

static char *read_file(const char *path)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	for (;;) {
		if (len + 1 >= cap) {
			cap = cap ? 2 * cap : 8192;
			buf = xrealloc(buf, cap);
		}
		got = read(fd, buf + len, cap - len - 1);
		if (got > 0)
			len += got;
		else if (!got || errno != EINTR)
			break;
	}
	close(fd);
	if (got < 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

static void expand(struct compile *c, char *word, int depth);

/*
 * A response file's words, split as GCC's libiberty does: blanks separate,
 * '...' and "..." quote, a backslash takes the next character as it is.
 * The words are unquoted in place in the file's buffer.
 */
static void expand_file(struct compile *c, char *text, int depth)
{
	char *in = text, *out, *word;
	bool sq, dq, bs;

	for (;;) {
		while (*in == ' ' || *in == '\t' || *in == '\n' ||
		       *in == '\r' || *in == '\f' || *in == '\v')
			in++;
		if (!*in)
			return;
		word = out = in;
		sq = dq = bs = false;
		for (; *in; in++) {
			if (bs) {
				bs = false;
				*out++ = *in;
			} else if (*in == '\\') {
				bs = true;
			} else if (sq) {
				if (*in == '\'')
					sq = false;
				else
					*out++ = *in;
			} else if (dq) {
				if (*in == '"')
					dq = false;
				else
					*out++ = *in;
			} else if (*in == ' ' || *in == '\t' || *in == '\n' ||
				   *in == '\r' || *in == '\f' || *in == '\v') {
				break;
			} else if (*in == '\'') {
				sq = true;
			} else if (*in == '"') {
				dq = true;
			} else {
				*out++ = *in;
			}
		}
		if (*in)
			in++;
		*out = '\0';
		expand(c, word, depth);
	}
}

/* One word of the command line; @file is replaced by its words. */
static void expand(struct compile *c, char *word, int depth)
{
	char *text;

	if (word[0] != '@' || depth >= RSP_DEPTH) {
		strvec_push(&c->words, word);
		return;
	}
	text = read_file(word + 1);
	if (!text) {		/* the compiler takes it as a file name */
		strvec_push(&c->words, word);
		return;
	}
	strvec_push(&c->buffers, text);
	expand_file(c, text, depth + 1);
}

/* What kind of input: 1 an object comes of it, 0 a header, -1 neither. */
static int input_kind(const char *path, const char *lang)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t n;

	if (lang) {
		n = strlen(lang);
		if (n >= 6 && !strcmp(lang + n - 6, "header"))
			return 0;
		return 1;
	}
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (!dot || dot == base)
		return -1;
	if (in_list(dot + 1, source_suffixes))
		return 1;
	if (in_list(dot + 1, header_suffixes))
		return 0;
	return -1;
}

static void add_input(struct compile *c, char *path, const char *lang)
{
	if (!strcmp(path, "-") || !strcmp(path, "/dev/null"))
		c->probe = true;
	if (input_kind(path, lang) == 1)
		strvec_push(&c->sources, path);
}

/* argv[first..] as the compiler will read them. */
static void parse(struct compile *c, int argc, char **argv, int first)
{
	const char *lang = NULL;
	bool inputs_only = false;
	size_t i;
	char *a;
	int k;

	for (k = first; k < argc; k++)
		expand(c, argv[k], 0);

	for (i = 0; i < c->words.n; i++) {
		a = c->words.v[i];
		if (inputs_only || a[0] != '-' || !a[1]) {
			add_input(c, a, lang);
		} else if (!strcmp(a, "--")) {
			inputs_only = true;
		} else if (!strcmp(a, "-c") || !strcmp(a, "--compile")) {
			c->compile_only = true;
		} else if (in_list(a, no_object_options) ||
			   has_prefix(a, no_object_prefixes)) {
			c->no_object = true;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (i + 1 < c->words.n)
				c->output = c->words.v[++i];
		} else if (!strncmp(a, "--output=", 9)) {
			c->output = a + 9;
		} else if (a[1] == 'o') {
			c->output = a + 2;
		} else if (!strcmp(a, "-x") || !strcmp(a, "--language")) {
			if (i + 1 < c->words.n)
				lang = c->words.v[++i];
		} else if (!strncmp(a, "--language=", 11)) {
			lang = a + 11;
		} else if (a[1] == 'x') {
			lang = a + 2;
		} else if (in_list(a, separate_arg_options)) {
			i++;
		}
		if (lang && !strcmp(lang, "none"))
			lang = NULL;
	}
}

/* The objects a successful compile wrote: -o X, or each source's X.o. */
static void objects(struct compile *c, struct strvec *objs)
{
	const char *base, *dot;
	char *name;
	size_t i, n;

	if (!c->compile_only || c->no_object || c->probe || !c->sources.n)
		return;
	if (c->output) {
		if (strcmp(c->output, "-"))
			strvec_push(objs, xstrdup(c->output));
		return;
	}
	for (i = 0; i < c->sources.n; i++) {
		base = strrchr(c->sources.v[i], '/');
		base = base ? base + 1 : c->sources.v[i];
		dot = strrchr(base, '.');
		n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
		name = xrealloc(NULL, n + 3);
		memcpy(name, base, n);
		memcpy(name + n, ".o", 3);
		strvec_push(objs, name);
	}
}

/* Ends the wrapper the way the compiler ended: same status or signal. */
static void exit_like(int status)
{
	struct rlimit none = { 0, 0 };
	int sig;

	if (WIFEXITED(status))
		exit(WEXITSTATUS(status));
	sig = WTERMSIG(status);
	setrlimit(RLIMIT_CORE, &none);	/* the compiler's core is enough */
	signal(sig, SIG_DFL);
	raise(sig);
	exit(128 + sig);
}

static int exec_status(int err)
{
	return err == ENOENT || err == ENOTDIR ? EXIT_NOTFOUND : EXIT_NOEXEC;
}

static void exec_failed(const char *cmd, int err)
{
	if (exec_status(err) == EXIT_NOTFOUND)
		fprintf(stderr, PROG ": error: %s: command not found\n", cmd);
	else
		fprintf(stderr, PROG ": error: cannot run %s: %s\n", cmd,
			strerror(err));
}

static int wait_for(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* A 64-bit ELF object of the machine validate checks? */
static bool is_arm64_elf(const char *path)
{
	unsigned char h[20];
	unsigned int machine;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return false;
	got = pread(fd, h, sizeof(h), 0);
	close(fd);
	if (got != (ssize_t)sizeof(h) || memcmp(h, "\177ELF", 4) || h[4] != 2)
		return false;
	if (h[5] == 1)
		machine = h[18] | h[19] << 8;
	else if (h[5] == 2)
		machine = h[18] << 8 | h[19];
	else
		return false;
	return machine == arch_elf_machine();
}

static bool executable(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK);
}

/* validate beside this program (through /proc/self/exe), else in PATH. */
static char *find_validate(void)
{
	char self[PATH_MAX + 16], *slash, *path, *dir, *end, *cand;
	ssize_t n = readlink("/proc/self/exe", self, PATH_MAX);
	size_t len;

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			strcpy(slash + 1, "validate");
			if (executable(self))
				return xstrdup(self);
		}
	}
	path = getenv("PATH");
	for (dir = path; dir && *dir; dir = *end ? end + 1 : end) {
		end = strchrnul(dir, ':');
		len = end - dir;
		cand = xrealloc(NULL, len + sizeof("/validate") + 1);
		if (len)
			memcpy(cand, dir, len);
		else
			cand[len++] = '.';
		strcpy(cand + len, "/validate");
		if (executable(cand))
			return cand;
		free(cand);
	}
	return NULL;
}

/*
 * The report's name for an object: its path relative to the current
 * directory (absolute when outside it), with '.', '..' and repeated '/'
 * taken out, '%' written %25 and '/' written %2F, then ".jsonl". A name
 * over 200 bytes (file names end at 255, and validate's temporary file adds
 * to it) becomes "%%" + a 64-bit FNV-1a hash of the path + '-' + the last
 * 181 bytes of the name: '%%' never occurs in an escaped path.
 */
static char *report_name(const char *obj)
{
	char cwd[PATH_MAX], *abs, *norm, *out, *seg, *next, *h;
	const char *rel = obj, *p;
	uint64_t hash = 0xcbf29ce484222325ULL;
	size_t len, cwdlen, n = 0, o = 0;

	abs = norm = NULL;
	if (getcwd(cwd, sizeof(cwd))) {
		len = strlen(cwd) + strlen(obj) + 2;
		abs = xrealloc(NULL, len);
		norm = xrealloc(NULL, len + 1);
		if (obj[0] == '/')
			strcpy(abs, obj);
		else
			snprintf(abs, len, "%s/%s", cwd, obj);
		for (seg = abs; seg; seg = next) {
			next = strchr(seg, '/');
			if (next)
				*next++ = '\0';
			if (!*seg || !strcmp(seg, "."))
				continue;
			if (!strcmp(seg, "..")) {
				while (n && norm[--n] != '/')
					;
				continue;
			}
			norm[n++] = '/';
			strcpy(norm + n, seg);
			n += strlen(seg);
		}
		norm[n] = '\0';
		cwdlen = strlen(cwd);
		if (!strcmp(cwd, "/"))
			rel = norm + 1;
		else if (!strncmp(norm, cwd, cwdlen) && norm[cwdlen] == '/')
			rel = norm + cwdlen + 1;
		else
			rel = n ? norm : "/";
	}

	out = xrealloc(NULL, 3 * strlen(rel) + sizeof(".jsonl"));
	for (p = rel; *p; p++) {
		hash = (hash ^ (unsigned char)*p) * 0x100000001b3ULL;
		if (*p == '%' || *p == '/') {
			memcpy(out + o, *p == '%' ? "%25" : "%2F", 3);
			o += 3;
		} else {
			out[o++] = *p;
		}
	}
	strcpy(out + o, ".jsonl");
	o += strlen(".jsonl");
	if (o > REPORT_NAME_MAX) {
		h = xrealloc(NULL, REPORT_NAME_MAX + 1);
		snprintf(h, REPORT_NAME_MAX + 1, "%%%%%016llx-%s",
			 (unsigned long long)hash,
			 out + o - (REPORT_NAME_MAX - 19));
		free(out);
		out = h;
	}
	free(abs);
	free(norm);
	return out;
}

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

/*
 * When validate could not check the object, its report says so, whole
 * (temporary file and rename): {"file":OBJ,"error":MESSAGE}. A report of
 * an earlier build is never left standing for an object not checked now.
 */
static void report_error(const char *report, const char *obj,
			 const char *msg)
{
	size_t n = strlen(report) + 32;
	char *tmp = xrealloc(NULL, n);
	FILE *f;
	int fd;

	snprintf(tmp, n, "%s.tmp.%ld", report, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		if (fd >= 0)
			close(fd);
		unlink(report);
		free(tmp);
		return;
	}
	fputs("{\"file\":", f);
	json_string(f, obj);
	fputs(",\"error\":", f);
	json_string(f, msg);
	fputs("}\n", f);
	if (fclose(f) || rename(tmp, report)) {
		unlink(tmp);
		unlink(report);
	}
	free(tmp);
}

/* mkdir -p */
static void make_dirs(const char *dir)
{
	char *d = strdup(dir), *p;

	if (!d)
		return;
	for (p = d + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(d, 0777);
		*p = '/';
	}
	mkdir(d, 0777);
	free(d);
}

struct settings {
	bool werror;
	const char *flags;		/* VALIDATE_FLAGS */
	const char *report_dir;		/* VALIDATE_REPORT_DIR */
	char *validate;			/* found on first use */
	bool looked;
};

enum outcome { CLEAN, FINDINGS, TROUBLE };

/*
 * What validate printed, held until it exits: passed on whole when it
 * checked the object, and folded into the wrapper's one line when it
 * could not (exit 2, a usage error in VALIDATE_FLAGS), so that a build
 * log gets one line for one trouble.
 */
struct output {
	char *buf;
	size_t len, cap;
};

static void read_all(int fd, struct output *o)
{
	ssize_t n;

	for (;;) {
		if (o->cap - o->len < 4096) {
			o->cap = o->cap ? 2 * o->cap : 8192;
			o->buf = xrealloc(o->buf, o->cap);
		}
		n = read(fd, o->buf + o->len, o->cap - o->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		o->len += n;
	}
}

/* The length of the first line of o, without its newline. */
static int first_line(const struct output *o)
{
	const char *nl = o->len ? memchr(o->buf, '\n', o->len) : NULL;
	size_t n = nl ? (size_t)(nl - o->buf) : o->len;

	return n > 512 ? 512 : (int)n;
}

/* Run validate on one object; its findings go to our standard error. */
static enum outcome check_object(struct settings *s, const char *obj)
{
	struct strvec av = { 0 };
	posix_spawn_file_actions_t fa;
	char *flags = NULL, *tok, *save, *report = NULL, *opt = NULL;
	char msg[PATH_MAX + 128];
	enum outcome res = TROUBLE;
	struct output out = { 0 };
	int err, status, fds[2];
	pid_t pid;

	if (!s->looked) {
		s->validate = find_validate();
		s->looked = true;
	}
	if (s->report_dir && *s->report_dir) {
		char *name = report_name(obj);
		size_t n = strlen(s->report_dir) + strlen(name) + 2;

		report = xrealloc(NULL, n);
		snprintf(report, n, "%s/%s", s->report_dir, name);
		free(name);
		make_dirs(s->report_dir);
	}
	if (!s->validate) {
		snprintf(msg, sizeof(msg),
			 "validate not found beside " PROG " nor in PATH");
		goto trouble;
	}

	strvec_push(&av, s->validate);
	if (s->flags) {
		flags = xstrdup(s->flags);
		for (tok = strtok_r(flags, " \t\n", &save); tok;
		     tok = strtok_r(NULL, " \t\n", &save))
			strvec_push(&av, tok);
	}
	if (report) {
		opt = xrealloc(NULL, strlen(report) + sizeof("--report="));
		strcpy(opt, "--report=");
		strcat(opt, report);
		strvec_push(&av, opt);
	}
	if (obj[0] == '-')
		strvec_push(&av, "--");
	strvec_push(&av, (char *)obj);

	if (pipe2(fds, O_CLOEXEC)) {
		snprintf(msg, sizeof(msg), "cannot run %s: %s", s->validate,
			 strerror(errno));
		goto trouble;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDERR_FILENO);
	err = posix_spawn(&pid, s->validate, &fa, NULL, av.v, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (err) {
		close(fds[0]);
		snprintf(msg, sizeof(msg), "cannot run %s: %s", s->validate,
			 strerror(err));
		goto trouble;
	}
	read_all(fds[0], &out);
	close(fds[0]);
	status = wait_for(pid);
	if (status == -1) {
		snprintf(msg, sizeof(msg), "lost %s: %s", s->validate,
			 strerror(errno));
	} else if (WIFEXITED(status) && WEXITSTATUS(status) <= 1) {
		res = WEXITSTATUS(status) ? FINDINGS : CLEAN;
		if (out.len)
			fwrite(out.buf, 1, out.len, stderr);
	} else if (WIFEXITED(status)) {
		snprintf(msg, sizeof(msg), "%s exited with status %d%s%.*s%s",
			 s->validate, WEXITSTATUS(status),
			 out.len ? " (" : "", first_line(&out),
			 out.buf ? out.buf : "", out.len ? ")" : "");
	} else {
		snprintf(msg, sizeof(msg), "%s was killed by signal %d (%s)",
			 s->validate, WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	}
trouble:
	if (res == TROUBLE) {
		if (s->werror)
			fprintf(stderr, "%s: error: " PROG ": %s: not checked (VALIDATE_WERROR=1): object removed\n",
				obj, msg);
		else
			fprintf(stderr, "%s: warning: " PROG ": %s: not checked\n",
				obj, msg);
		if (report)
			report_error(report, obj, msg);
	}
	free(out.buf);
	free(opt);
	free(report);
	free(flags);
	strvec_free(&av, false);
	return res;
}

/* Check each arm64 object; the wrapper's exit status (0, or 1 for WERROR). */
static int check_objects(struct strvec *objs)
{
	struct settings s = { 0 };
	int ret = 0;
	size_t i;

	s.werror = env_on("VALIDATE_WERROR");
	s.flags = getenv("VALIDATE_FLAGS");
	s.report_dir = getenv("VALIDATE_REPORT_DIR");
	for (i = 0; i < objs->n; i++) {
		if (!is_arm64_elf(objs->v[i]))
			continue;
		switch (check_object(&s, objs->v[i])) {
		case CLEAN:
			continue;
		case FINDINGS:
			if (!s.werror)
				continue;
			fprintf(stderr, "%s: error: " PROG ": findings are errors (VALIDATE_WERROR=1): object removed\n",
				objs->v[i]);
			break;
		case TROUBLE:
			if (!s.werror)
				continue;
			break;
		}
		unlink(objs->v[i]);
		ret = 1;
	}
	free(s.validate);
	return ret;
}

int main(int argc, char **argv)
{
	struct compile c = { 0 };
	struct strvec objs = { 0 };
	int status, err, ret;
	pid_t pid;

	if (argc < 2) {
		fputs(PROG ": error: no compiler given\n"
		      "Usage: validate-cc COMPILER [ARG]... (validate-cc --help)\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, stdout);
		return 0;
	}

	if (!env_on("VALIDATE_DISABLE")) {
		parse(&c, argc, argv, 2);
		objects(&c, &objs);
	}
	if (!objs.n) {
		/* nothing to check: become the compiler */
		execvp(argv[1], argv + 1);
		err = errno;
		exec_failed(argv[1], err);
		ret = exec_status(err);
		goto out;
	}

	err = posix_spawnp(&pid, argv[1], NULL, NULL, argv + 1, environ);
	if (err) {
		exec_failed(argv[1], err);
		ret = exec_status(err);
		goto out;
	}
	status = wait_for(pid);
	if (status == -1) {
		fprintf(stderr, PROG ": error: lost %s: %s\n", argv[1],
			strerror(errno));
		ret = EXIT_USAGE;
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		exit_like(status);
	ret = check_objects(&objs);
out:
	strvec_free(&objs, true);
	strvec_free(&c.sources, false);
	strvec_free(&c.words, false);
	strvec_free(&c.buffers, true);
	return ret;
}
