// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdbool.h>
#include <string.h>

#include "util/linkspec.h"

static const struct {
	const char *name;
	enum net_link kind;
} kinds[] = {
	{ "veth", LINK_VETH },
	{ "ipvlan", LINK_IPVLAN_L3 },	/* L3: no ARP or multicast reaches the guest */
	{ "ipvlan-l3", LINK_IPVLAN_L3 },
	{ "ipvlan-l2", LINK_IPVLAN_L2 },
};

/* The kernel's own test of an interface name (dev_valid_name()). */
static bool ifname_valid(const char *name)
{
	size_t len = strlen(name);

	if (!len || len >= IF_NAMESIZE || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	return !strpbrk(name, "/: \t\n\v\f\r");
}

const char *linkspec_parse(const char *arg, enum net_link *kind, char dev[IF_NAMESIZE])
{
	const char *at = strchr(arg, '@');
	size_t len = at ? (size_t)(at - arg) : strlen(arg);
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].name) == len && !strncmp(kinds[i].name, arg, len))
			break;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		return "unknown link type: use " LINKSPEC_VALID;
	if (at && kinds[i].kind == LINK_VETH)
		return "a veth pair has no parent interface: drop '@DEV', or use ipvlan@DEV";
	if (at && !ifname_valid(at + 1))
		return "'@' must be followed by an interface name (1 to 15 characters, no '/', ':' or blanks)";
	*kind = kinds[i].kind;
	strcpy(dev, at ? at + 1 : "");
	return NULL;
}

const char *linkspec_kind_name(enum net_link kind)
{
	switch (kind) {
	case LINK_VETH:
		return "veth";
	case LINK_IPVLAN_L3:
		return "ipvlan-l3";
	case LINK_IPVLAN_L2:
		return "ipvlan-l2";
	}
	return "?";
}
