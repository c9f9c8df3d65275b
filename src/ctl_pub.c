/*
 * ctl_pub: the commands about publishing from elsewhere: publishers (the
 * publishers file, changed through pub.h), identity (a client
 * certificate for Lagrange or capsulectl --remote) and log (the audit
 * log every write appends to).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "ident.h"
#include "pub.h"
#include "publishers.h"
#include "store.h"
#include "util.h"

struct ctl_pubadd {
	const char		*pa_name;
	const char		*pa_fp;
	enum publishers_role	 pa_role;
	const char		*pa_hash;
};

static int
ctl_pubadd_apply(struct publishers *ps, void *arg, const char **errstr)
{
	struct ctl_pubadd *pa = arg;

	return publishers_add(ps, pa->pa_name, pa->pa_fp, pa->pa_role,
	    pa->pa_hash, errstr);
}

static int
ctl_pubrm_apply(struct publishers *ps, void *arg, const char **errstr)
{
	if (publishers_remove(ps, arg) == -1) {
		*errstr = "no such publisher";
		return -1;
	}
	return 0;
}

static int
ctl_publishers_add(struct ctl *c, const char *name, const char *fp)
{
	char token[PUBLISHERS_TOKEN_LEN + 1], hash[PUBLISHERS_HASH_MAX + 1];
	struct ctl_pubadd pa = { name, fp, PUBLISHERS_WRITER, NULL };
	const char *errstr;
	struct pub p;

	if (c->c_args.ca_role != NULL &&
	    publishers_role_parse(c->c_args.ca_role, &pa.pa_role) == -1) {
		ctl_err("--role %s: not a role (writer or editor)",
		    c->c_args.ca_role);
		return CTL_ERR;
	}
	if (!publishers_name_valid(name)) {
		ctl_err("%s: not a publisher's name (1 to 64 bytes of UTF-8, "
		    "no blank or control character, not starting with '#')",
		    name);
		return CTL_ERR;
	}
	if (!publishers_fp_valid(fp)) {
		ctl_err("%s: not a fingerprint (sha256: and 64 lower-case "
		    "hex digits, as 'capsulectl identity new' prints)", fp);
		return CTL_ERR;
	}
	if (c->c_args.ca_token) {
		if (publishers_token_new(token, &errstr) == -1 ||
		    publishers_token_hash(token, hash, &errstr) == -1) {
			ctl_err("token: %s", errstr);
			return CTL_ERR;
		}
		pa.pa_hash = hash;
	}
	if (ctl_open(c) == -1)
		return CTL_ERR;
	ctl_pub(c, &p);
	if (pub_publishers(&p, "publishers-add", name, ctl_pubadd_apply,
	    &pa) == -1) {
		if (p.p_err.pe_kind == PUB_EINPUT)
			ctl_err("%s: %s", name, p.p_err.pe_msg);
		else
			ctl_pub_err(c, &p, NULL);
		return CTL_ERR;
	}
	printf("%s %s %s\n", name, publishers_role_name(pa.pa_role), fp);
	if (pa.pa_hash != NULL) {
		printf("token %s\n", token);
		fprintf(stderr, "capsulectl: note: the token is shown only "
		    "this once; the store keeps only its hash\n");
	}
	ctl_pub_done(c, &p);
	return CTL_OK;
}

static int
ctl_publishers_list(struct ctl *c)
{
	struct publishers ps = { 0 };
	const struct publisher *p;
	const char *errstr;
	char where[PATH_MAX];
	unsigned line;
	size_t i;

	if (ctl_open(c) == -1)
		return CTL_ERR;
	if (publishers_load(c->c_dirfd, &ps, &line, &errstr) == -1) {
		snprintf(where, sizeof(where), "%s/%s", c->c_store,
		    PUBLISHERS_FILE);
		ctl_err_at(where, line, errstr);
		return CTL_ERR;
	}
	if (c->c_args.ca_json)
		putchar('[');
	for (i = 0; i < ps.ps_n; i++) {
		p = &ps.ps_list[i];
		if (c->c_args.ca_json) {
			printf("%s\n  {\"name\": ", i > 0 ? "," : "");
			ctl_json_str(p->p_name);
			ctl_json_field("role", publishers_role_name(p->p_role));
			ctl_json_field("fingerprint", p->p_fp);
			printf(", \"token\": %s}", p->p_hash != NULL ? "true" :
			    "false");
		} else
			printf("%s\t%s\t%s\t%s\n", p->p_name,
			    publishers_role_name(p->p_role), p->p_fp,
			    p->p_hash != NULL ? "token" : "-");
	}
	if (c->c_args.ca_json)
		printf("%s]\n", ps.ps_n > 0 ? "\n" : "");
	publishers_free(&ps);
	return CTL_OK;
}

int
cmd_publishers(struct ctl *c, int argc, char **argv)
{
	const char *sub;
	struct pub p;
	int n = argc - optind;

	if (n < 1)
		return ctl_usage();
	sub = argv[optind];
	if (strcmp(sub, "add") == 0 && n == 3)
		return ctl_publishers_add(c, argv[optind + 1],
		    argv[optind + 2]);
	if (strcmp(sub, "list") == 0 && n == 1)
		return ctl_publishers_list(c);
	if (strcmp(sub, "rm") != 0 || n != 2)
		return ctl_usage();
	if (ctl_open(c) == -1)
		return CTL_ERR;
	ctl_pub(c, &p);
	if (pub_publishers(&p, "publishers-rm", argv[optind + 1],
	    ctl_pubrm_apply, argv[optind + 1]) == -1) {
		if (p.p_err.pe_kind == PUB_EINPUT)
			ctl_err("%s: %s", argv[optind + 1], p.p_err.pe_msg);
		else
			ctl_pub_err(c, &p, NULL);
		return CTL_ERR;
	}
	ctl_pub_done(c, &p);
	return CTL_OK;
}

int
cmd_identity(struct ctl *c, int argc, char **argv)
{
	const char *dir = c->c_args.ca_out, *name, *errstr;
	char cert[PATH_MAX], key[PATH_MAX], fp[IDENT_FP_LEN + 1];

	if (argc - optind != 2 || strcmp(argv[optind], "new") != 0)
		return ctl_usage();
	name = argv[optind + 1];
	if (!publishers_name_valid(name) || strchr(name, '/') != NULL ||
	    name[0] == '.') {
		ctl_err("%s: not a usable name (no blank, '/' or control "
		    "character, not starting with '.' or '#')", name);
		return CTL_ERR;
	}
	if (dir == NULL)
		dir = ".";
	snprintf(cert, sizeof(cert), "%s/%s.crt", dir, name);
	snprintf(key, sizeof(key), "%s/%s.key", dir, name);
	if (ident_new(name, 3650, cert, key, fp, &errstr) == -1) {
		ctl_err("%s", errstr);
		return CTL_ERR;
	}
	printf("%s\n", fp);
	fprintf(stderr, "capsulectl: note: certificate %s, key %s; send the "
	    "fingerprint to an editor\n", cert, key);
	return CTL_OK;
}

/* One audit line (tab-separated) as a JSON object. */
static void
ctl_log_json(char *line, int first)
{
	static const char *const keys[] = { "time", "who", "fingerprint",
	    "action", "name" };
	char *f[6], *save = NULL;
	size_t i;

	for (i = 0; i < 6; i++) {
		f[i] = strtok_r(i == 0 ? line : NULL, "\t", &save);
		if (f[i] == NULL)
			f[i] = "";
	}
	printf("%s\n  {", first ? "" : ",");
	for (i = 0; i < 5; i++) {
		printf("%s\"%s\": ", i > 0 ? ", " : "", keys[i]);
		if (i == 2 && strcmp(f[i], "-") == 0)
			fputs("null", stdout);
		else
			ctl_json_str(f[i]);
	}
	printf(", \"bytes\": %llu}", strtoull(f[5], NULL, 10));
}

int
cmd_log(struct ctl *c, int argc, char **argv)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f;
	int fd, first = 1, json = c->c_args.ca_json;

	(void)argv;
	if (argc - optind != 0)
		return ctl_usage();
	if (ctl_open(c) == -1)
		return CTL_ERR;
	if ((fd = util_open_beneath(c->c_dirfd, STORE_LOG)) == -1 &&
	    errno != ENOENT) {
		ctl_err("%s/%s: %s", c->c_store, STORE_LOG, strerror(errno));
		return CTL_ERR;
	}
	if (json)
		putchar('[');
	if (fd != -1) {
		if ((f = fdopen(fd, "r")) == NULL) {
			close(fd);
			ctl_err("%s/%s: %s", c->c_store, STORE_LOG,
			    strerror(errno));
			return CTL_ERR;
		}
		while ((n = getline(&line, &cap, f)) > 0) {
			if (line[n - 1] == '\n')
				line[--n] = '\0';
			if (json) {
				ctl_log_json(line, first);
				first = 0;
			} else
				printf("%s\n", line);
		}
		free(line);
		fclose(f);
	}
	if (json)
		printf("%s]\n", first ? "" : "\n");
	return CTL_OK;
}
