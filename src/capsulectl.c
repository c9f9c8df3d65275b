/*
 * capsulectl: publishes articles into a capsule store.
 *
 * Exit status: 0 on success, 1 on a user error (one line on standard
 * error naming the file and line), 2 on a usage error.  Every change to
 * the store is made under the store's lock by an atomic rename
 * (util_write_atomic), so capsuled and concurrent capsulectl runs see each
 * file either whole and old or whole and new.
 *
 * This file holds main and the table of commands; the commands live in
 * src/ctl_*.c (see ctl.h for who owns what).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"

static const struct ctl_opt init_opts[] = {
	{ "title", 't', CO_STR, CTL_ARG(ca_title) },
	{ "git", 'g', CO_FLAG, CTL_ARG(ca_git) },
	{ NULL, 0, CO_FLAG, 0 }
};

static const struct ctl_opt add_opts[] = {
	{ "slug", 's', CO_STR, CTL_ARG(ca_slug) },
	{ "draft", 'd', CO_FLAG, CTL_ARG(ca_draft) },
	{ "force", 'f', CO_FLAG, CTL_ARG(ca_force) },
	{ NULL, 0, CO_FLAG, 0 }
};

static const struct ctl_opt import_opts[] = {
	{ "title", 't', CO_STR, CTL_ARG(ca_title) },
	{ "date", 'D', CO_STR, CTL_ARG(ca_date) },
	{ "tags", 'T', CO_STR, CTL_ARG(ca_tags) },
	{ "source", 'S', CO_STR, CTL_ARG(ca_source) },
	{ "slug", 's', CO_STR, CTL_ARG(ca_slug) },
	{ "encoding", 'E', CO_STR, CTL_ARG(ca_encoding) },
	{ "markdown", 'm', CO_CHOICE, CTL_ARG(ca_format) },
	{ "plain", 'p', CO_CHOICE, CTL_ARG(ca_format) },
	{ "draft", 'd', CO_FLAG, CTL_ARG(ca_draft) },
	{ "force", 'f', CO_FLAG, CTL_ARG(ca_force) },
	{ NULL, 0, CO_FLAG, 0 }
};

static const struct ctl_opt edit_opts[] = {
	{ "minor", 'm', CO_FLAG, CTL_ARG(ca_minor) },
	{ NULL, 0, CO_FLAG, 0 }
};

static const struct ctl_opt rename_opts[] = {
	{ "slug", 's', CO_STR, CTL_ARG(ca_slug) },
	{ "minor", 'm', CO_FLAG, CTL_ARG(ca_minor) },
	{ NULL, 0, CO_FLAG, 0 }
};

static const struct ctl_opt list_opts[] = {
	{ "tag", 't', CO_STR, CTL_ARG(ca_tag) },
	{ "json", 'j', CO_FLAG, CTL_ARG(ca_json) },
	{ NULL, 0, CO_FLAG, 0 }
};

static const struct ctl_opt render_opts[] = {
	{ "gemini", 'g', CO_CHOICE, CTL_ARG(ca_form) },
	{ "text", 't', CO_CHOICE, CTL_ARG(ca_form) },
	{ "gopher", 'G', CO_CHOICE, CTL_ARG(ca_form) },
	{ "ascii", 'a', CO_FLAG, CTL_ARG(ca_ascii) },
	{ "host", 'H', CO_STR, CTL_ARG(ca_host) },
	{ "port", 'P', CO_STR, CTL_ARG(ca_port) },
	{ NULL, 0, CO_FLAG, 0 }
};

static const struct ctl_opt sync_opts[] = {
	{ "from", 'f', CO_STR, CTL_ARG(ca_from) },
	{ "keep", 'k', CO_STR, CTL_ARG(ca_keep) },
	{ NULL, 0, CO_FLAG, 0 }
};

static const struct ctl_opt publishers_opts[] = {
	{ "role", 'r', CO_STR, CTL_ARG(ca_role) },
	{ "token", 'T', CO_FLAG, CTL_ARG(ca_token) },
	{ "json", 'j', CO_FLAG, CTL_ARG(ca_json) },
	{ NULL, 0, CO_FLAG, 0 }
};

static const struct ctl_opt identity_opts[] = {
	{ "out", 'o', CO_STR, CTL_ARG(ca_out) },
	{ NULL, 0, CO_FLAG, 0 }
};

static const struct ctl_opt log_opts[] = {
	{ "json", 'j', CO_FLAG, CTL_ARG(ca_json) },
	{ NULL, 0, CO_FLAG, 0 }
};

static const struct ctl_cmd ctl_cmds[] = {
	{ "init", cmd_init, init_opts, "[--title T] [--git] [DIR]",
	    "Creates a store: DIR (or --store, default ./capsule) with\n"
	    "capsule.conf, articles/, media/ and pages/.  Refuses to touch an\n"
	    "existing store.  --git makes it a git repository (git = yes):\n"
	    "every change a command makes is then one commit by you." },
	{ "add", cmd_add, add_opts, "[--slug S] [--draft] [--force] FILE|-",
	    "Adds an article written in the store format (header lines, a\n"
	    "blank line, a gemtext body) from FILE or standard input.  A\n"
	    "missing Date is set to now; Date and Updated take RFC 3339 or\n"
	    "YYYY-MM-DD (midnight UTC).  Prints the new slug, made from the\n"
	    "title (or --slug) and made unique.  Warns of a headline another\n"
	    "published article has (--force: not), an empty body, and media\n"
	    "that are missing or over 5 MiB." },
	{ "import", cmd_import, import_opts,
	    "[--title T] [--date D] [--tags a,b] [--source URL] [--slug S] "
	    "[--encoding NAME] [--markdown|--plain] [--draft] [--force] FILE|-",
	    "Cleans scraped plain text or Markdown into an article: NBSP and\n"
	    "control characters go, paragraphs are rejoined, site furniture\n"
	    "(menus, share bars, widgets, the next post) goes; bylines, dates,\n"
	    "photo credits and captions, \"Read also:\" and copyright lines\n"
	    "become headers.  Without --title the text must start with its\n"
	    "headline; with it, what comes before the headline goes.  --date\n"
	    "takes RFC 3339 or YYYY-MM-DD (default: a date in the text, else\n"
	    "now).  Input must be UTF-8 unless --encoding names its charset\n"
	    "(iconv: windows-1252, latin1, ...).  Markdown is detected unless\n"
	    "--markdown or --plain says.  Prints the slug.  Warns as add\n"
	    "does; --force: not of a headline in use." },
	{ "edit", cmd_edit, edit_opts, "[--minor] SLUG",
	    "Opens the article in $VISUAL or $EDITOR (vi).  A changed text of\n"
	    "a published article gets Updated set to now unless --minor.  A\n"
	    "bad edit is refused and kept in a temporary file.  Says what it\n"
	    "did (saved, and whether Updated was set) and warns as add does." },
	{ "list", cmd_list, list_opts, "[--tag T] [--json]",
	    "Lists every article, drafts too, newest first: date, status,\n"
	    "slug, title.  --json prints an array of objects." },
	{ "show", cmd_show, NULL, "SLUG", "Prints the article file." },
	{ "tag", cmd_tag, NULL, "SLUG [+TAG|-TAG|TAG]...",
	    "Adds (+TAG or TAG) and removes (-TAG) tags, then prints the\n"
	    "article's tags." },
	{ "publish", cmd_publish, NULL, "SLUG", "Sets Status: published." },
	{ "unpublish", cmd_unpublish, NULL, "SLUG",
	    "Sets Status: draft: capsuled stops serving it." },
	{ "rm", cmd_rm, NULL, "SLUG",
	    "Moves the article to .trash/ in the store (never deletes) and\n"
	    "prints where it went." },
	{ "rename", cmd_rename, rename_opts,
	    "[--slug NEW] [--minor] SLUG \"NEW HEADLINE\"",
	    "Gives the article a new title and a new slug (--slug, else the\n"
	    "title's, made unique) in one locked step: the old slug goes to\n"
	    "Previous-Slugs, so Gemini redirects it (31) and Gopher still\n"
	    "serves it, and feed entries keep their id.  A published article\n"
	    "gets Updated set to now unless --minor.  Refuses a --slug another\n"
	    "article has.  Prints the new slug." },
	{ "render", cmd_render, render_opts,
	    "--gemini|--text|--gopher [--ascii] [--host H] [--port P] SLUG",
	    "Prints the article exactly as capsuled serves it: --gemini the\n"
	    "gemtext page and --text the text/plain one (/articles/SLUG.txt),\n"
	    "status line included; --gopher the gopher card menu followed by\n"
	    "the type 0 text (--ascii: as --gopher-charset ascii serves\n"
	    "them).  Drafts render too, as a preview.  --host and --port are\n"
	    "the names links carry (default localhost, and 1965 or 70), as\n"
	    "capsuled's --host and public ports." },
	{ "sync", cmd_sync, sync_opts, "--from GIT-URL [--keep SECONDS]",
	    "Brings a replica's store to the latest commit of the primary's\n"
	    "git store at GIT-URL: the store (--store) becomes a symbolic link\n"
	    "to a complete checkout of that commit in STORE.versions/, switched\n"
	    "in one rename, so capsuled serves one commit or the next, never a\n"
	    "mix.  A replaced checkout is removed --keep seconds (default 600)\n"
	    "later.  Prints the commit in service." },
	{ "publishers", cmd_publishers, publishers_opts,
	    "add NAME FINGERPRINT [--role writer|editor] [--token] | "
	    "list [--json] | rm NAME",
	    "Who may publish by Titan, known by the SHA-256 fingerprint of\n"
	    "their client certificate (sha256: and 64 hex digits, as\n"
	    "'capsulectl identity new' prints).  A writer (the default role)\n"
	    "files drafts and replaces their own drafts; an editor may do\n"
	    "everything.  --token also asks for a token, printed once; only\n"
	    "its salted scrypt hash is kept.  The file is the store's\n"
	    "'publishers', never served." },
	{ "identity", cmd_identity, identity_opts, "new NAME [--out DIR]",
	    "Makes a self-signed client certificate valid for ten years and\n"
	    "its key (RSA 2048): DIR/NAME.crt and DIR/NAME.key (mode 0600),\n"
	    "DIR the current directory by default, and prints the\n"
	    "certificate's fingerprint for 'publishers add'.  Needs no store." },
	{ "log", cmd_log, log_opts, "[--json]",
	    "Prints the store's audit log: one line per write, from\n"
	    "capsulectl or Titan: time, who, fingerprint (or -), action,\n"
	    "what, bytes, separated by tabs.  --json prints an array." },
	{ "check", cmd_check, NULL, "",
	    "Validates capsule.conf and every article; prints each problem as\n"
	    "FILE:LINE: message and exits 1 when there is one." },
};

static void
ctl_main_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: capsulectl [--store DIR] COMMAND [ARGS]\n"
	    "       capsulectl --remote gemini://HOST[:PORT]/ --identity CERT "
	    "KEY\n"
	    "                  add|import|edit|rm|publish ARGS\n\n"
	    "Commands:\n");
	for (i = 0; i < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); i++)
		fprintf(f, "  %-10s %s\n", ctl_cmds[i].cc_name,
		    ctl_cmds[i].cc_usage);
	fprintf(f, "\nThe store is --store DIR, else $CAPSULE_STORE, else "
	    "./capsule.\n'capsulectl COMMAND --help' explains a command.\n");
}

/*
 * The options before the command (--store, --help), in argv[1..]; *argi
 * ends at the command.  -1 to go on, else the exit status.
 */
static int
ctl_main_options(struct ctl *c, int argc, char **argv, int *argi)
{
	const char *o;

	if ((c->c_store = getenv("CAPSULE_STORE")) == NULL ||
	    *c->c_store == '\0')
		c->c_store = "capsule";
	for (*argi = 1; *argi < argc && argv[*argi][0] == '-'; ) {
		o = argv[*argi];
		if ((strcmp(o, "--store") == 0 || strcmp(o, "-s") == 0) &&
		    *argi + 1 < argc) {
			c->c_store = argv[*argi + 1];
			*argi += 2;
		} else if (strncmp(o, "--store=", 8) == 0) {
			c->c_store = o + 8;
			(*argi)++;
		} else if (strcmp(o, "--remote") == 0 && *argi + 1 < argc) {
			c->c_remote = argv[*argi + 1];
			*argi += 2;
		} else if (strcmp(o, "--identity") == 0 && *argi + 2 < argc) {
			c->c_cert = argv[*argi + 1];
			c->c_key = argv[*argi + 2];
			*argi += 3;
		} else if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
			ctl_main_usage(stdout);
			return CTL_OK;
		} else {
			ctl_main_usage(stderr);
			return CTL_USAGE;
		}
	}
	if (*argi >= argc) {
		ctl_main_usage(stderr);
		return CTL_USAGE;
	}
	return -1;
}

/* The command called name, or NULL. */
static const struct ctl_cmd *
ctl_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(ctl_cmds) / sizeof(ctl_cmds[0]); i++)
		if (strcmp(name, ctl_cmds[i].cc_name) == 0)
			return &ctl_cmds[i];
	return NULL;
}

int
main(int argc, char **argv)
{
	struct ctl c = { NULL, -1, -1, { 0 }, NULL, NULL, NULL };
	int argi, rc;

	if ((rc = ctl_main_options(&c, argc, argv, &argi)) != -1)
		return rc;
	if (strcmp(argv[argi], "help") == 0) {
		if (argi + 1 < argc &&
		    (ctl_current = ctl_find(argv[argi + 1])) != NULL)
			return ctl_help();
		ctl_main_usage(stdout);
		return CTL_OK;
	}
	if ((ctl_current = ctl_find(argv[argi])) == NULL) {
		ctl_err("%s: unknown command", argv[argi]);
		ctl_main_usage(stderr);
		return CTL_USAGE;
	}
	optind = 1;
	if (ctl_current->cc_opts != NULL &&
	    (rc = ctl_options(&c, argc - argi, argv + argi)) != -1)
		return rc;
	rc = c.c_remote != NULL ? ctl_remote(&c, argc - argi, argv + argi) :
	    ctl_current->cc_fn(&c, argc - argi, argv + argi);
	if (fflush(stdout) == EOF) {
		ctl_err("standard output: %s", strerror(errno));
		rc = CTL_ERR;
	}
	return rc;
}
