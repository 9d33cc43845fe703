// SPDX-License-Identifier: GPL-2.0-or-later
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/signame.h"

static const struct {
	const char *name;
	int sig;
} signals[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "KILL", SIGKILL },
	{ "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "TERM", SIGTERM }, { "PWR", SIGPWR },
	{ "CONT", SIGCONT }, { "WINCH", SIGWINCH },
};

int signal_parse(const char *text)
{
	const char *p = text;
	char *end;
	unsigned long n;
	size_t i;

	if (*p >= '0' && *p <= '9') {
		n = strtoul(p, &end, 10);
		return *end || n < 1 || n > (unsigned long)SIGRTMAX ? -1 : (int)n;
	}
	if (!strncmp(p, "SIG", 3))
		p += 3;
	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (!strcmp(p, signals[i].name))
			return signals[i].sig;
	if (!strncmp(p, "RTMIN", 5)) {
		if (!p[5])
			return SIGRTMIN;
		if (p[5] != '+' || p[6] < '0' || p[6] > '9')
			return -1;
		n = strtoul(p + 6, &end, 10);
		return *end || n > (unsigned long)(SIGRTMAX - SIGRTMIN) ? -1 : SIGRTMIN + (int)n;
	}
	return -1;
}

const char *signal_name(int sig, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (signals[i].sig == sig) {
			snprintf(buf, len, "%s", signals[i].name);
			return buf;
		}
	if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, len, "RTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, len, "%d", sig);
	return buf;
}
