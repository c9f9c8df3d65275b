/*
 * ctl: what the files of capsulectl share; private to src/capsulectl.c
 * and src/ctl_*.c, never in libcapsule.a.
 *
 * Who owns what, each file calling only those below it:
 *   capsulectl.c  main, the command table with each command's options,
 *                 the options before the command, the general usage
 *   ctl_read.c    show, list, check, render: commands that change nothing
 *                 (and the JSON writers list and log share)
 *   ctl_pub.c     publishers, identity, log: who may publish by Titan,
 *                 their certificates, and the audit log
 *   ctl_new.c     init, add, import: commands that make a new file
 *   ctl_write.c   tag, publish, unpublish, rm, rename: one article
 *                 changed under the store lock
 *   ctl_edit.c    edit: the editor on a copy, then a checked write back
 *   ctl_sync.c    sync: a replica's store brought to the primary's commit
 *   ctl_store.c   opening and loading the store, reading one article,
 *                 tags folded, and the pub.h context every write goes
 *                 through (its lock, its errors worded)
 *   ctl_opts.c    the current command, its option table driver, its usage
 *                 and help, and the error lines
 *   ctl_warn.c    the warnings after add, import and edit (a headline
 *                 another article has, an empty body, missing or large
 *                 media) and edit's line on what it did; the body's
 *                 links into media/, which check holds to account
 */
#ifndef CAPSULE_CTL_H
#define CAPSULE_CTL_H

#include <stddef.h>

struct article;
struct pub;
struct store;

#define CTL_OK		0
#define CTL_ERR		1
#define CTL_USAGE	2

/*
 * What the options of every command set; each command reads its own.
 * Filled by ctl_options() from the command's table of options.
 */
struct ctl_args {
	const char	*ca_slug;	/* --slug */
	const char	*ca_title;	/* --title */
	const char	*ca_date;	/* import --date, as given */
	const char	*ca_tags;	/* import --tags */
	const char	*ca_source;	/* import --source */
	const char	*ca_encoding;	/* import --encoding */
	const char	*ca_tag;	/* list --tag */
	const char	*ca_host;	/* render --host */
	const char	*ca_port;	/* render --port */
	int		 ca_draft;	/* --draft */
	int		 ca_json;	/* list --json */
	int		 ca_minor;	/* edit, rename --minor */
	int		 ca_force;	/* add, import --force */
	int		 ca_ascii;	/* render --ascii */
	int		 ca_format;	/* import: 'm' --markdown, 'p' --plain */
	int		 ca_form;	/* render: 'g', 't' or 'G' */
	int		 ca_git;	/* init --git */
	const char	*ca_from;	/* sync --from */
	const char	*ca_keep;	/* sync --keep SECONDS */
	const char	*ca_role;	/* publishers add --role */
	int		 ca_token;	/* publishers add --token */
	const char	*ca_out;	/* identity new --out */
};

struct ctl {
	const char	*c_store;	/* the store directory as given */
	int		 c_dirfd;
	int		 c_artfd;
	struct ctl_args	 c_args;
	/* --remote URL --identity CERT KEY: ctl_remote.c does the command */
	const char	*c_remote;
	const char	*c_cert;
	const char	*c_key;
};

/*
 * One option of a command: --co_name or -co_ch.  A flag sets its int
 * field to 1, a choice sets it to co_ch (the last one given wins), a
 * string points its field at the argument.
 */
struct ctl_opt {
	const char	*co_name;
	int		 co_ch;
	enum { CO_FLAG, CO_CHOICE, CO_STR } co_kind;
	size_t		 co_off;
};

#define CTL_ARG(f)	offsetof(struct ctl_args, f)
#define CTL_OPTS_MAX	16

struct ctl_cmd {
	const char		*cc_name;
	int			(*cc_fn)(struct ctl *, int, char **);
	/* NULL: the command reads its arguments itself (see cmd_tag). */
	const struct ctl_opt	*cc_opts;
	const char		*cc_usage;
	const char		*cc_help;
};

/* The command main found in argv, read by its usage and help. */
extern const struct ctl_cmd *ctl_current;

/* ctl_opts.c */
void		 ctl_err(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
void		 ctl_err_at(const char *file, unsigned line, const char *msg);
int		 ctl_usage(void);
int		 ctl_help(void);
int		 ctl_one_slug(int argc, char **argv);
int		 ctl_options(struct ctl *c, int argc, char **argv);

/* ctl_read.c */
void		 ctl_json_str(const char *s);
void		 ctl_json_field(const char *key, const char *value);

/* ctl_store.c */
int		 ctl_open(struct ctl *c);
void		 ctl_report(void *ctx, const char *path, unsigned line,
		    int warning, const char *msg);
struct store	*ctl_load(struct ctl *c);
int		 ctl_slug_check(const char *slug);
void		 ctl_pub(struct ctl *c, struct pub *p);
void		 ctl_pub_err(struct ctl *c, const struct pub *p,
		    const char *input);
void		 ctl_pub_done(struct ctl *c, const struct pub *p);
int		 ctl_read_article(struct ctl *c, const char *slug,
		    struct article *a, char **textp, size_t *lenp);
int		 ctl_tag_fold(const char *where, const char *in, size_t n,
		    char *out);
int		 ctl_tags_fold(const char *where, const char *list, size_t len,
		    char **out);

/* ctl_warn.c */
/*
 * Called with each body line linking into media/, the store path, and
 * whether the link was relative ("media/x", broken below /articles/).
 */
typedef void	(*ctl_media_fn)(void *ctx, unsigned line, const char *path,
		    int relative);
int		 ctl_media_links(const struct article *a, ctl_media_fn fn,
		    void *ctx);
/* add, import: after the write, the store holding a as slug. */
void		 ctl_warn_new(struct ctl *c, const struct article *a,
		    const char *slug);
/* edit: after the write, what it did and then the warnings. */
void		 ctl_warn_edit(struct ctl *c, const char *slug,
		    const struct article *old, const struct article *new);
/* check: body links into media/ that name nothing, as errors at where. */
unsigned	 ctl_check_media(const struct ctl *c, const struct article *a,
		    const char *where);

/* The commands: each gets argv from its name on, returns the exit status. */
int		 cmd_show(struct ctl *c, int argc, char **argv);
int		 cmd_list(struct ctl *c, int argc, char **argv);
int		 cmd_check(struct ctl *c, int argc, char **argv);
int		 cmd_render(struct ctl *c, int argc, char **argv);
int		 cmd_init(struct ctl *c, int argc, char **argv);
int		 cmd_add(struct ctl *c, int argc, char **argv);
int		 cmd_import(struct ctl *c, int argc, char **argv);
int		 cmd_tag(struct ctl *c, int argc, char **argv);
int		 cmd_publish(struct ctl *c, int argc, char **argv);
int		 cmd_unpublish(struct ctl *c, int argc, char **argv);
int		 cmd_rm(struct ctl *c, int argc, char **argv);
int		 cmd_rename(struct ctl *c, int argc, char **argv);
int		 cmd_edit(struct ctl *c, int argc, char **argv);
int		 cmd_sync(struct ctl *c, int argc, char **argv);
int		 cmd_publishers(struct ctl *c, int argc, char **argv);
int		 cmd_identity(struct ctl *c, int argc, char **argv);
int		 cmd_log(struct ctl *c, int argc, char **argv);
/* ctl_remote.c: add, import, edit, rm, publish on c_remote by Titan. */
int		 ctl_remote(struct ctl *c, int argc, char **argv);

#endif
