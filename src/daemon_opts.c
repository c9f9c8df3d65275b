/*
 * daemon_opts: capsuled's options (see server.h).
 *
 * One table row per option: its long name, which is also its key in the
 * --config file, its parser and the field of struct server_conf it sets.
 * getopt's list, the config file's keys and a SIGHUP's reload all come
 * from it, so an option cannot exist in one and not in another.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "ratelimit.h"
#include "server.h"
#include "store.h"
#include "url.h"
#include "util.h"
#include "writer.h"

#define CONF_FILE_MAX	(64u << 10)

struct daemon_opt;

/* Sets o's field of c from v: 0, or -1 with *errstr set. */
typedef int (*daemon_opt_fn)(struct server_conf *c,
    const struct daemon_opt *o, const char *v, const char **errstr);

struct daemon_opt {
	const char	*do_name;	/* --NAME, and NAME = in the file */
	int		 do_arg;	/* getopt's has_arg */
	daemon_opt_fn	 do_set;	/* NULL: the command line's own */
	size_t		 do_field;	/* offsetof(struct server_conf, ...) */
	unsigned long	 do_min, do_max;	/* numbers only */
	unsigned	 do_scale;	/* numbers: stored times this */
	const char	*do_err;	/* what a refused value hears */
};

static int
opt_set_str(char **field, const char *value)
{
	char *v;

	if ((v = strdup(value)) == NULL)
		return -1;
	free(*field);
	*field = v;
	return 0;
}

static int
opt_parse_uint(const char *s, unsigned long min, unsigned long max,
    unsigned long *out)
{
	char *end;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	*out = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || *out < min || *out > max)
		return -1;
	return 0;
}

int
daemon_opts_port(const char *s, int *port)
{
	unsigned long n;

	if (opt_parse_uint(s, 1, 65535, &n) == -1)
		return -1;
	*port = (int)n;
	return 0;
}

#define OPT_FIELD(c, o, type)	((type *)(void *)((char *)(c) + (o)->do_field))

/*
 * The folder of the --config file being read, absolute: relative paths
 * in the file are taken from there, not from wherever capsuled started.
 * NULL outside opts_file().
 */
static const char *opts_conf_dir;

static int
opt_str(struct server_conf *c, const struct daemon_opt *o, const char *v,
    const char **errstr)
{
	if (o->do_err != NULL && *v == '\0') {
		*errstr = o->do_err;
		return -1;
	}
	*errstr = strerror(ENOMEM);
	return opt_set_str(OPT_FIELD(c, o, char *), v);
}

/* A file's path: one in the --config file is taken from its folder. */
static int
opt_path(struct server_conf *c, const struct daemon_opt *o, const char *v,
    const char **errstr)
{
	char path[PATH_MAX], dir[PATH_MAX], *slash;

	if (*v == '\0') {
		*errstr = o->do_err;
		return -1;
	}
	if (opts_conf_dir != NULL && *v != '/') {
		/* Leading ./ and ../ folded, so that messages read well. */
		snprintf(dir, sizeof(dir), "%s", opts_conf_dir);
		for (;;) {
			if (strncmp(v, "./", 2) == 0)
				v += 2;
			else if (strncmp(v, "../", 3) == 0 &&
			    (slash = strrchr(dir, '/')) != NULL) {
				slash[slash == dir] = '\0';
				v += 3;
			} else
				break;
		}
		if (snprintf(path, sizeof(path), "%s%s%s", dir,
		    strcmp(dir, "/") == 0 ? "" : "/", v) >=
		    (int)sizeof(path)) {
			*errstr = strerror(ENAMETOOLONG);
			return -1;
		}
		v = path;
	}
	*errstr = strerror(ENOMEM);
	return opt_set_str(OPT_FIELD(c, o, char *), v);
}

/*
 * A listening address: ADDRESS:PORT, [ADDRESS]:PORT or *:PORT, or "off"
 * where do_min allows it.  Only the form: what the address names is
 * found out when it is bound.
 */
static int
opt_listen(struct server_conf *c, const struct daemon_opt *o, const char *v,
    const char **errstr)
{
	static char msg[512];
	const char *port;
	int n;

	if (o->do_min && strcmp(v, "off") == 0)
		return opt_str(c, o, v, errstr);
	if (*v == '[')
		port = (port = strchr(v, ']')) != NULL && port[1] == ':' ?
		    port + 2 : NULL;
	else
		port = (port = strrchr(v, ':')) != NULL ? port + 1 : NULL;
	if (port == NULL || daemon_opts_port(port, &n) == -1) {
		snprintf(msg, sizeof(msg), "%s, not \"%.200s\"", o->do_err, v);
		*errstr = msg;
		return -1;
	}
	return opt_str(c, o, v, errstr);
}

static int
opt_host(struct server_conf *c, const struct daemon_opt *o, const char *v,
    const char **errstr)
{
	if (*v == '\0' || strpbrk(v, "/:@ \t") != NULL) {
		*errstr = o->do_err;
		return -1;
	}
	*errstr = strerror(ENOMEM);
	return opt_set_str(OPT_FIELD(c, o, char *), v);
}

/*
 * --primary gemini://HOST[:PORT]/: kept as "HOST[:PORT]", the authority
 * write requests are sent to; "off" (the default) for none.
 */
static int
opt_primary(struct server_conf *c, const struct daemon_opt *o, const char *v,
    const char **errstr)
{
	char auth[320];
	struct url u;
	int bad;

	if (strcmp(v, "off") == 0) {
		*errstr = strerror(ENOMEM);
		return opt_set_str(OPT_FIELD(c, o, char *), v);
	}
	if (url_parse(v, strlen(v), &u, errstr) == -1) {
		*errstr = o->do_err;
		return -1;
	}
	bad = strcmp(u.u_scheme, "gemini") != 0 || u.u_host == NULL ||
	    *u.u_host == '\0' || u.u_userinfo || u.u_fragment ||
	    u.u_query != NULL || (u.u_path != NULL && *u.u_path != '\0' &&
	    strcmp(u.u_path, "/") != 0) || strpbrk(u.u_host, "/ \t") != NULL;
	if (!bad && u.u_port != -1)
		snprintf(auth, sizeof(auth), strchr(u.u_host, ':') != NULL ?
		    "[%s]:%d" : "%s:%d", u.u_host, u.u_port);
	else if (!bad)
		snprintf(auth, sizeof(auth), strchr(u.u_host, ':') != NULL ?
		    "[%s]" : "%s", u.u_host);
	url_free(&u);
	if (bad) {
		*errstr = o->do_err;
		return -1;
	}
	*errstr = strerror(ENOMEM);
	return opt_set_str(OPT_FIELD(c, o, char *), auth);
}

static int
opt_int(struct server_conf *c, const struct daemon_opt *o, const char *v,
    const char **errstr)
{
	unsigned long n;

	if (opt_parse_uint(v, o->do_min, o->do_max, &n) == -1) {
		*errstr = o->do_err;
		return -1;
	}
	*OPT_FIELD(c, o, int) = (int)n;
	return 0;
}

static int
opt_unsigned(struct server_conf *c, const struct daemon_opt *o,
    const char *v, const char **errstr)
{
	unsigned long n;

	if (opt_parse_uint(v, o->do_min, o->do_max, &n) == -1) {
		*errstr = o->do_err;
		return -1;
	}
	*OPT_FIELD(c, o, unsigned) = (unsigned)n * o->do_scale;
	return 0;
}

static int
opt_bool(struct server_conf *c, const struct daemon_opt *o, const char *v,
    const char **errstr)
{
	int *out = OPT_FIELD(c, o, int);

	if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "1") == 0 || *v == '\0')
		*out = 1;
	else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
	    strcmp(v, "0") == 0)
		*out = 0;
	else {
		*errstr = o->do_err;
		return -1;
	}
	return 0;
}

static int
opt_charset(struct server_conf *c, const struct daemon_opt *o,
    const char *v, const char **errstr)
{
	int *ascii = OPT_FIELD(c, o, int);

	if (strcasecmp(v, "utf-8") == 0 || strcasecmp(v, "utf8") == 0)
		*ascii = 0;
	else if (strcasecmp(v, "ascii") == 0)
		*ascii = 1;
	else {
		*errstr = o->do_err;
		return -1;
	}
	return 0;
}

/* "on", "off" or "auto" (on when the store has a publishers file). */
static int
opt_titan(struct server_conf *c, const struct daemon_opt *o, const char *v,
    const char **errstr)
{
	int *mode = OPT_FIELD(c, o, int);

	if (strcmp(v, "on") == 0 || strcmp(v, "yes") == 0)
		*mode = SERVER_TITAN_ON;
	else if (strcmp(v, "off") == 0 || strcmp(v, "no") == 0)
		*mode = SERVER_TITAN_OFF;
	else if (strcmp(v, "auto") == 0)
		*mode = SERVER_TITAN_AUTO;
	else {
		*errstr = o->do_err;
		return -1;
	}
	return 0;
}

/* N with an optional K or M (1024, 1048576), 1 to max bytes. */
static int
opt_bytes(const char *s, size_t max, size_t *out)
{
	unsigned long long n;
	char *end;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	n = strtoull(s, &end, 10);
	if (errno != 0 || n > max)
		return -1;
	if (*end == 'K' || *end == 'k') {
		n <<= 10;
		end++;
	} else if (*end == 'M' || *end == 'm') {
		n <<= 20;
		end++;
	}
	if (*end != '\0' || n == 0 || n > max)
		return -1;
	*out = (size_t)n;
	return 0;
}

/* ARTICLES[,MEDIA]: the Titan caps; MEDIA stays as it was when absent. */
static int
opt_titan_max(struct server_conf *c, const struct daemon_opt *o,
    const char *v, const char **errstr)
{
	char art[32];
	const char *comma = strchr(v, ',');
	size_t a, m = c->sc_titan_max_media;

	if (comma == NULL ? strlen(v) >= sizeof(art) :
	    (size_t)(comma - v) >= sizeof(art)) {
		*errstr = o->do_err;
		return -1;
	}
	snprintf(art, sizeof(art), "%.*s", comma == NULL ? (int)strlen(v) :
	    (int)(comma - v), v);
	if (opt_bytes(art, WRITER_ARTICLE_MAX, &a) == -1 ||
	    (comma != NULL && opt_bytes(comma + 1, WRITER_MEDIA_MAX,
	    &m) == -1)) {
		*errstr = o->do_err;
		return -1;
	}
	c->sc_titan_max_article = a;
	c->sc_titan_max_media = m;
	return 0;
}

static int
opt_conn_cap(struct server_conf *c, const struct daemon_opt *o,
    const char *v, const char **errstr)
{
	return ratelimit_conn_parse(v, OPT_FIELD(c, o, unsigned), errstr);
}

static int
opt_rate(struct server_conf *c, const struct daemon_opt *o, const char *v,
    const char **errstr)
{
	(void)o;
	return ratelimit_parse(v, &c->sc_rate_requests, &c->sc_rate_seconds,
	    errstr);
}

static int
opt_proxy_from(struct server_conf *c, const struct daemon_opt *o,
    const char *v, const char **errstr)
{
	return proxy_from_parse(v, OPT_FIELD(c, o, struct proxy_from),
	    errstr);
}

#define F(field)	offsetof(struct server_conf, field)

static const struct daemon_opt opts[] = {
	{ "store", 1, opt_path, F(sc_store), 0, 0, 0,
	    "store is a folder" },
	{ "host", 1, opt_host, F(sc_host), 0, 0, 0,
	    "host must be a plain host name" },
	{ "gemini", 1, opt_listen, F(sc_gemini), 0, 0, 0,
	    "gemini is ADDRESS:PORT, such as 127.0.0.1:1965, *:1965 or "
	    "[::]:1965" },
	{ "public-port", 1, opt_int, F(sc_public_port), 1, 65535, 1,
	    "public-port must be 1-65535" },
	{ "gopher", 1, opt_listen, F(sc_gopher), 1, 0, 0,
	    "gopher is ADDRESS:PORT, such as 127.0.0.1:7070, *:70 or "
	    "[::]:70, or off" },
	{ "gopher-public-port", 1, opt_int, F(sc_gopher_public_port), 1,
	    65535, 1, "gopher-public-port must be 1-65535" },
	{ "gemini-proxy", 1, opt_listen, F(sc_gemini_proxy), 1, 0, 0,
	    "gemini-proxy is ADDRESS:PORT, such as 127.0.0.1:1966, or off" },
	{ "gopher-proxy", 1, opt_listen, F(sc_gopher_proxy), 1, 0, 0,
	    "gopher-proxy is ADDRESS:PORT, such as 127.0.0.1:7071, or off" },
	{ "proxy-from", 1, opt_proxy_from, F(sc_proxy_from), 0, 0, 0, NULL },
	{ "metrics", 1, opt_listen, F(sc_metrics), 1, 0, 0,
	    "metrics is ADDRESS:PORT, such as 127.0.0.1:9165, or off" },
	{ "primary", 1, opt_primary, F(sc_primary), 0, 0, 0,
	    "primary is gemini://HOST[:PORT]/ or off" },
	{ "gopher-charset", 1, opt_charset, F(sc_gopher_ascii), 0, 0, 0,
	    "gopher-charset is utf-8 or ascii" },
	{ "cert", 1, opt_path, F(sc_cert), 0, 0, 0,
	    "cert is a file" },
	{ "key", 1, opt_path, F(sc_key), 0, 0, 0,
	    "key is a file" },
	{ "workers", 1, opt_int, F(sc_workers), 1, 256, 1,
	    "workers must be 1-256" },
	{ "read-timeout", 1, opt_unsigned, F(sc_read_timeout), 1, 3600, 1000,
	    "a timeout is 1-3600 seconds" },
	{ "write-timeout", 1, opt_unsigned, F(sc_write_timeout), 1, 3600,
	    1000, "a timeout is 1-3600 seconds" },
	{ "max-conns", 1, opt_unsigned, F(sc_max_conns), 1, 1000000, 1,
	    "max-conns must be 1-1000000" },
	{ "max-conns-per-address", 1, opt_conn_cap,
	    F(sc_max_conns_per_addr), 0, 0, 0, NULL },
	{ "rate-limit", 1, opt_rate, F(sc_rate_requests), 0, 0, 0, NULL },
	{ "anonymous-log", 0, opt_bool, F(sc_anonymous), 0, 0, 0,
	    "anonymous-log is yes or no" },
	{ "ticket-lifetime", 1, opt_unsigned, F(sc_ticket_lifetime), 2,
	    86400, 1, "ticket-lifetime is 2-86400 seconds" },
	{ "user", 1, opt_str, F(sc_user), 0, 0, 0,
	    "user must be a user name" },
	{ "titan", 1, opt_titan, F(sc_titan), 0, 0, 0,
	    "titan is on, off or auto" },
	{ "titan-max-size", 1, opt_titan_max, F(sc_titan_max_article), 0, 0,
	    0, "titan-max-size is ARTICLES[,MEDIA] in bytes, K or M: "
	    "articles at most 4M, media at most 64M" },
	{ "chroot", 0, opt_bool, F(sc_chroot), 0, 0, 0,
	    "chroot is yes or no" },
	{ "foreground", 0, opt_bool, F(sc_foreground), 0, 0, 0,
	    "foreground is yes or no" },
	/* The command line's own, never in the file. */
	{ "config", 1, NULL, 0, 0, 0, 0, NULL },
	{ "check", 0, NULL, 0, 0, 0, 0, NULL },
	{ "help", 0, NULL, 0, 0, 0, 0, NULL },
	{ "version", 0, NULL, 0, 0, 0, 0, NULL },
};

#undef F

#define NOPTS	(sizeof(opts) / sizeof(opts[0]))

/* getopt's list, from the table: an option's val is its row. */
static const struct option *
opts_long(void)
{
	static struct option lo[NOPTS + 1];
	size_t i;

	for (i = 0; i < NOPTS; i++) {
		lo[i].name = opts[i].do_name;
		lo[i].has_arg = opts[i].do_arg ? required_argument :
		    no_argument;
		lo[i].flag = NULL;
		lo[i].val = (int)i + 1;
	}
	return lo;
}

static const struct daemon_opt *
opts_find(const char *name)
{
	size_t i;

	for (i = 0; i < NOPTS; i++)
		if (strcmp(opts[i].do_name, name) == 0)
			return &opts[i];
	return NULL;
}

void
daemon_opts_usage(FILE *f)
{
	fprintf(f,
	    "usage: capsuled [--config FILE] [--store DIR] [--host NAME]\n"
	    "                [--gemini ADDR:PORT] [--public-port N]\n"
	    "                [--gopher ADDR:PORT|off] [--gopher-public-port N]\n"
	    "                [--gopher-charset utf-8|ascii]\n"
	    "                [--gemini-proxy ADDR:PORT|off] "
	    "[--gopher-proxy ADDR:PORT|off]\n"
	    "                [--proxy-from CIDR[,CIDR...]] "
	    "[--metrics ADDR:PORT|off]\n"
	    "                [--primary gemini://HOST[:PORT]/|off]\n"
	    "                [--cert FILE] [--key FILE] [--workers N]\n"
	    "                [--read-timeout SEC] [--write-timeout SEC]\n"
	    "                [--max-conns N] [--max-conns-per-address N|off]\n"
	    "                [--rate-limit REQUESTS/SECONDS|off]"
	    "\n                [--anonymous-log] [--foreground]\n"
	    "                [--ticket-lifetime SEC] [--user NAME] [--chroot]\n"
	    "                [--titan on|off|auto] "
	    "[--titan-max-size ARTICLES[,MEDIA]]\n"
	    "       capsuled --check [options]\n"
	    "\n"
	    "Defaults: --store capsule --host (capsule.conf's hostname, else "
	    "localhost)\n"
	    "  --gemini 127.0.0.1:1965 --gopher 127.0.0.1:7070\n"
	    "  --gemini-proxy off --gopher-proxy off --proxy-from "
	    PROXY_FROM_DEFAULT "\n"
	    "  --metrics off --primary off\n"
	    "  --gopher-charset utf-8 --cert certs/HOST.crt --key "
	    "certs/HOST.key\n"
	    "  --workers (cores) --read-timeout 10 --write-timeout 30\n"
	    "  --max-conns 16384 (per worker) --max-conns-per-address 64\n"
	    "  --rate-limit 300/60 (per client)\n"
	    "  --ticket-lifetime 3600\n"
	    "  --titan auto (on when the store has a publishers file) "
	    "--titan-max-size 4M,16M\n"
	    "  --user (started as root: capsule if that user exists, else "
	    "nobody)\n"
	    "Every option can also be set in --config FILE as "
	    "\"name = value\".\n"
	    "See capsuled(8).\n");
}

int
daemon_opts_argv(int argc, char **argv, const char **conf_file, int *check,
    int *status)
{
	const struct option *lo = opts_long();
	const char *name;
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (ch == '?') {
			daemon_opts_usage(stderr);
			*status = 2;
			return 1;
		}
		name = opts[ch - 1].do_name;
		if (strcmp(name, "config") == 0)
			*conf_file = optarg;
		else if (strcmp(name, "check") == 0)
			*check = 1;
		else if (strcmp(name, "help") == 0) {
			daemon_opts_usage(stdout);
			*status = 0;
			return 1;
		} else if (strcmp(name, "version") == 0) {
			printf("capsuled %s\n", CAPSULED_VERSION);
			*status = 0;
			return 1;
		}
	}
	if (optind != argc) {
		daemon_opts_usage(stderr);
		*status = 2;
		return 1;
	}
	return 0;
}

void
daemon_opts_free(struct server_conf *c)
{
	free(c->sc_store);
	free(c->sc_host);
	free(c->sc_gemini);
	free(c->sc_gopher);
	free(c->sc_gemini_proxy);
	free(c->sc_metrics);
	free(c->sc_primary);
	free(c->sc_gopher_proxy);
	free(c->sc_cert);
	free(c->sc_key);
	free(c->sc_user);
	memset(c, 0, sizeof(*c));
}

/* conf_parse()'s callback: one "key = value" of the file. */
static int
opts_setting(void *ctx, const char *key, const char *value,
    const char **errstr)
{
	const struct daemon_opt *o = opts_find(key);

	if (o == NULL || o->do_set == NULL) {
		*errstr = conf_unknown(key, o != NULL ? "(a command-line "
		    "option only)" : "(the settings are capsuled's long "
		    "options: capsuled --help)");
		return -1;
	}
	return o->do_set(ctx, o, value, errstr);
}

/*
 * The store's own idea of its host name (capsule.conf "hostname"), the
 * default for --host; "localhost" when the store cannot say.
 */
static const char *
opts_site_hostname(const struct server_conf *c)
{
	static char name[256];
	struct store_site site;
	const char *errstr;
	unsigned line;
	int fd;

	snprintf(name, sizeof(name), "localhost");
	if ((fd = open(c->sc_store, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return name;
	if (store_site_load(fd, &site, &line, &errstr) == 0) {
		if (*site.ss_hostname != '\0' &&
		    strpbrk(site.ss_hostname, "/:@ \t") == NULL)
			snprintf(name, sizeof(name), "%s", site.ss_hostname);
		store_site_free(&site);
	}
	close(fd);
	return name;
}

static int
opts_defaults(struct server_conf *c)
{
	const char *err;

	memset(c, 0, sizeof(*c));
	c->sc_read_timeout = 10000;
	c->sc_write_timeout = 30000;
	c->sc_max_conns = 16384;
	/*
	 * Enough for many readers behind one NAT, or a client fetching a
	 * page's media in parallel; far from a worker's --max-conns.
	 */
	c->sc_max_conns_per_addr = 64;
	c->sc_ticket_lifetime = 3600;
	c->sc_titan = SERVER_TITAN_AUTO;
	c->sc_titan_max_article = 4u << 20;
	c->sc_titan_max_media = 16u << 20;
	/*
	 * A reader clicking, or a crawler at one request a second, never
	 * meets it, nor do many readers behind one NAT; only a client that
	 * keeps up more than 5 requests a second does, once its first 300
	 * are spent.
	 */
	c->sc_rate_requests = 300;
	c->sc_rate_seconds = 60;
	if (proxy_from_parse(PROXY_FROM_DEFAULT, &c->sc_proxy_from,
	    &err) == -1)
		return -1;
	return opt_set_str(&c->sc_store, "capsule") == -1 ||
	    opt_set_str(&c->sc_gemini_proxy, "off") == -1 ||
	    opt_set_str(&c->sc_metrics, "off") == -1 ||
	    opt_set_str(&c->sc_primary, "off") == -1 ||
	    opt_set_str(&c->sc_gopher_proxy, "off") == -1 ||
	    opt_set_str(&c->sc_gemini, "127.0.0.1:1965") == -1 ||
	    opt_set_str(&c->sc_gopher, "127.0.0.1:7070") == -1 ? -1 : 0;
}

/* The folder file is in, absolute, into dir (PATH_MAX bytes). */
static const char *
opts_folder(const char *file, char *dir)
{
	char d[PATH_MAX];
	const char *slash = strrchr(file, '/');

	if (slash == NULL)
		snprintf(d, sizeof(d), ".");
	else if (slash == file)
		snprintf(d, sizeof(d), "/");
	else
		snprintf(d, sizeof(d), "%.*s", (int)(slash - file), file);
	if (realpath(d, dir) == NULL)
		snprintf(dir, PATH_MAX, "%s", d);
	return dir;
}

static int
opts_file(struct server_conf *c, const char *conf_file)
{
	const char *errstr;
	char *text, dir[PATH_MAX];
	unsigned line;
	size_t len;
	int rc;

	if (util_read_at(AT_FDCWD, conf_file, CONF_FILE_MAX, &text,
	    &len) == -1) {
		log_error("%s: %s", conf_file, strerror(errno));
		return -1;
	}
	opts_conf_dir = opts_folder(conf_file, dir);
	rc = conf_parse(text, len, opts_setting, c, &line, &errstr);
	opts_conf_dir = NULL;
	free(text);
	if (rc == -1) {
		log_error("%s:%u: %s", conf_file, line, errstr);
		return -1;
	}
	return 0;
}

static int
opts_argv(struct server_conf *c, int argc, char **argv)
{
	const struct daemon_opt *o;
	const char *errstr;
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts_long(), NULL)) != -1) {
		o = &opts[ch - 1];
		if (o->do_set == NULL)
			continue;
		if (o->do_set(c, o, optarg != NULL ? optarg : "yes",
		    &errstr) == -1) {
			log_error("--%s %s: %s", o->do_name,
			    optarg != NULL ? optarg : "", errstr);
			return -1;
		}
	}
	return 0;
}

/* What the other settings imply when not given. */
static int
opts_derive(struct server_conf *c)
{
	char path[PATH_MAX];

	if (c->sc_host == NULL &&
	    opt_set_str(&c->sc_host, opts_site_hostname(c)) == -1)
		return -1;
	if (c->sc_cert == NULL) {
		snprintf(path, sizeof(path), "certs/%s.crt", c->sc_host);
		if (opt_set_str(&c->sc_cert, path) == -1)
			return -1;
	}
	if (c->sc_key == NULL) {
		snprintf(path, sizeof(path), "certs/%s.key", c->sc_host);
		if (opt_set_str(&c->sc_key, path) == -1)
			return -1;
	}
	if (c->sc_workers == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		c->sc_workers = n > 0 ? (n > 256 ? 256 : (int)n) : 1;
	}
	return 0;
}

int
daemon_opts_load(struct server_conf *c, const char *conf_file, int argc,
    char **argv)
{
	if (opts_defaults(c) == -1)
		goto nomem;
	if (conf_file != NULL && opts_file(c, conf_file) == -1)
		return -1;
	if (opts_argv(c, argc, argv) == -1)
		return -1;
	if (opts_derive(c) == -1)
		goto nomem;
	return 0;
nomem:
	log_warn("%s", strerror(ENOMEM));
	return -1;
}
