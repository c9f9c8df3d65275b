/*
 * ctl_opts: the command being run, its options read from its table with
 * getopt_long, its usage and help, and capsulectl's error lines
 * ("capsulectl: error: ...").
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"

const struct ctl_cmd *ctl_current;

void
ctl_err(const char *fmt, ...)
{
	va_list ap;

	fputs("capsulectl: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * A problem in a file: "capsulectl: error: FILE:LINE: what" (no line
 * when 0).
 */
void
ctl_err_at(const char *file, unsigned line, const char *msg)
{
	if (line > 0)
		ctl_err("%s:%u: %s", file, line, msg);
	else
		ctl_err("%s: %s", file, msg);
}

int
ctl_usage(void)
{
	fprintf(stderr, "usage: capsulectl [--store DIR] %s %s\n"
	    "Try 'capsulectl %s --help'.\n", ctl_current->cc_name,
	    ctl_current->cc_usage, ctl_current->cc_name);
	return CTL_USAGE;
}

int
ctl_help(void)
{
	printf("usage: capsulectl [--store DIR] %s %s\n\n%s\n",
	    ctl_current->cc_name, ctl_current->cc_usage, ctl_current->cc_help);
	return CTL_OK;
}

int
ctl_one_slug(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return ctl_help();
	if (argc != 2 || argv[1][0] == '-')
		return ctl_usage();
	return -1;
}

/*
 * Parses the options of ctl_current from its table into c->c_args,
 * leaving optind at the first operand.  -1 to go on, else the exit
 * status (--help, or a usage error).
 */
int
ctl_options(struct ctl *c, int argc, char **argv)
{
	const struct ctl_opt *o, *opts = ctl_current->cc_opts;
	struct option lo[CTL_OPTS_MAX + 2];
	char shortopts[2 * CTL_OPTS_MAX + 1], *sp = shortopts;
	size_t n = 0;
	int ch;

	for (o = opts; o->co_name != NULL && n < CTL_OPTS_MAX; o++, n++) {
		lo[n].name = o->co_name;
		lo[n].has_arg = o->co_kind == CO_STR ? required_argument :
		    no_argument;
		lo[n].flag = NULL;
		lo[n].val = o->co_ch;
		*sp++ = (char)o->co_ch;
		if (o->co_kind == CO_STR)
			*sp++ = ':';
	}
	*sp = '\0';
	lo[n] = (struct option){ "help", no_argument, NULL, 'h' };
	lo[n + 1] = (struct option){ NULL, 0, NULL, 0 };
	optind = 1;
	while ((ch = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		if (ch == 'h')
			return ctl_help();
		for (o = opts; o->co_name != NULL && o->co_ch != ch; o++)
			;
		if (o->co_name == NULL)
			return ctl_usage();
		if (o->co_kind == CO_STR)
			*(const char **)((char *)&c->c_args + o->co_off) =
			    optarg;
		else
			*(int *)((char *)&c->c_args + o->co_off) =
			    o->co_kind == CO_FLAG ? 1 : o->co_ch;
	}
	return -1;
}
